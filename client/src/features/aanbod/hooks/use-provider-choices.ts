// The providers to choose from where an account is bound to one: every provider of the region, also one without
// locations yet (the location list, which other pickers derive providers from, would leave it out).

import { useFetched } from "../../../hooks/use-fetched.js";
import type { ProviderOptions } from "../../../hooks/use-provider-options.js";
import type { ProviderOption } from "../../../lib/providers.js";
import { listProviders } from "../api/aanbod.js";

const collator = new Intl.Collator("nl-NL", { sensitivity: "base", numeric: true });

export function useProviderChoices(): ProviderOptions {
  const { status, data, error, reload } = useFetched(
    async (signal): Promise<ProviderOption[]> =>
      (await listProviders(signal)).providers
        .map((p) => ({ id: p.id, name: p.name, locations: p.locations.filter((l) => l.closedOn === null).length }))
        .sort((a, b) => collator.compare(a.name, b.name)),
    { initial: [], failure: "De aanbieders konden niet worden geladen." },
  );
  return { status, providers: data, error, reload };
}
