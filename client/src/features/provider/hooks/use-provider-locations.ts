// The providers on the live list and the locations of one of them: an aanbieder's own provider, fixed by its account,
// or for the beheerder the one picked.
import { useMemo } from "react";
import { useLiveLocations } from "../../../hooks/use-live-locations.js";
import { useProviderParam } from "../../../hooks/use-provider-param.js";
import { providersOf } from "../../../lib/providers.js";

const collator = new Intl.Collator("nl-NL", { sensitivity: "base", numeric: true });

/** fixedProviderId: the aanbieder's own provider; the URL and the picker are then ignored. */
export function useProviderLocations(fixedProviderId?: number) {
  const live = useLiveLocations();
  const [pickedId, selectProvider] = useProviderParam();
  const providerId = fixedProviderId ?? pickedId;

  const providers = useMemo(() => providersOf(live.locations), [live.locations]);

  const locations = useMemo(
    () =>
      providerId === undefined
        ? []
        : live.locations.filter((l) => l.providerId === providerId).sort((a, b) => collator.compare(a.name, b.name)),
    [live.locations, providerId],
  );

  return { ...live, providers, providerId, selectProvider, locations };
}
