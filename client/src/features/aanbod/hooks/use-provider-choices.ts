// The providers to choose from where an account is bound to one: every provider of the region, also one without
// locations yet (the location list, which other pickers derive providers from, would leave it out). The same query as
// the beheerder's aanbod page, so both share one read.
import { useQuery } from "@tanstack/react-query";
import type { ProviderOptions } from "../../../hooks/use-provider-options.js";
import { loadState } from "../../../lib/query-client.js";
import { queryKeys } from "../../../lib/query-keys.js";
import { listProviders } from "../api/aanbod.js";

const collator = new Intl.Collator("nl-NL", { sensitivity: "base", numeric: true });

export function useProviderChoices(): ProviderOptions {
  const query = useQuery({
    queryKey: queryKeys.aanbod.providers,
    queryFn: ({ signal }) => listProviders(signal),
    select: (list) =>
      list.providers
        .map((p) => ({ id: p.id, name: p.name, locations: p.locations.filter((l) => l.closedOn === null).length }))
        .sort((a, b) => collator.compare(a.name, b.name)),
  });
  return { ...loadState(query, "De aanbieders konden niet worden geladen."), providers: query.data ?? [] };
}
