// The providers (aanbieders) as the client knows them: derived from the location list, which names each location's
// provider. There is no provider endpoint of its own; every page that needs a provider picker derives it here.
import type { Location } from "../../../shared/schemas/capacity.js";

export interface ProviderOption {
  id: number;
  name: string;
  /** How many of its locations are on the list. */
  locations: number;
}

const collator = new Intl.Collator("nl-NL", { sensitivity: "base", numeric: true });

/** One option per provider, sorted by name as a Dutch reader expects. */
export function providersOf(locations: readonly Location[]): ProviderOption[] {
  const byId = new Map<number, ProviderOption>();
  for (const l of locations) {
    const option = byId.get(l.providerId) ?? { id: l.providerId, name: l.providerName, locations: 0 };
    option.locations += 1;
    byId.set(l.providerId, option);
  }
  return [...byId.values()].sort((a, b) => collator.compare(a.name, b.name));
}
