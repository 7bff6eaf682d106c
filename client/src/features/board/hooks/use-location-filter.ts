// What the regisseur narrows the board to, and the list that remains, ordered from most to least home-like.
import { useDeferredValue, useMemo, useState } from "react";
import { CARE_TYPES, type CareType, type Municipality } from "../../../../../shared/domain.js";
import type { Location } from "../../../../../shared/schemas/capacity.js";

export interface LocationFilter {
  careType: CareType | "";
  municipality: Municipality | "";
  onlyFree: boolean;
  search: string;
}

export const NO_FILTER: LocationFilter = { careType: "", municipality: "", onlyFree: false, search: "" };

// "Zo thuis mogelijk" (domain.md): the most home-like care types come first.
const careTypeRank = new Map<CareType, number>(CARE_TYPES.map((t, i) => [t, i]));
const collator = new Intl.Collator("nl-NL", { sensitivity: "base", numeric: true });

/** Lower case without accents, so "gezinshuis de hazelaar" finds "Gezinshuis De Hazelaar" and "ë" matches "e". */
function normalize(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLocaleLowerCase("nl-NL");
}

export function useLocationFilter(locations: Location[]) {
  const [filter, setFilter] = useState<LocationFilter>(NO_FILTER);
  // Typing stays responsive while a few hundred rows re-filter behind it.
  const search = useDeferredValue(filter.search);

  const sorted = useMemo(
    () =>
      [...locations].sort(
        (a, b) =>
          (careTypeRank.get(a.careType) ?? 0) - (careTypeRank.get(b.careType) ?? 0) || collator.compare(a.name, b.name),
      ),
    [locations],
  );

  const visible = useMemo(() => {
    const needle = normalize(search.trim());
    return sorted.filter(
      (l) =>
        (filter.careType === "" || l.careType === filter.careType) &&
        (filter.municipality === "" || l.municipality === filter.municipality) &&
        (!filter.onlyFree || l.free > 0) &&
        (needle === "" || normalize(`${l.name} ${l.providerName}`).includes(needle)),
    );
  }, [sorted, filter.careType, filter.municipality, filter.onlyFree, search]);

  const update = (patch: Partial<LocationFilter>) => setFilter((prev) => ({ ...prev, ...patch }));
  const reset = () => setFilter(NO_FILTER);
  return { filter, update, reset, visible };
}
