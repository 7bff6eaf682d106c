// The providers for a picker (tokens, accounts), read from the location list. Pickers need names, not live counts,
// so this skips the socket feed the board runs on.
import { useQuery } from "@tanstack/react-query";
import { locationListSchema } from "../../../shared/schemas/capacity.js";
import { request } from "../lib/api.js";
import { type ProviderOption, providersOf } from "../lib/providers.js";
import { type LoadState, loadState } from "../lib/query-client.js";
import { queryKeys } from "../lib/query-keys.js";

export interface ProviderOptions extends LoadState {
  providers: ProviderOption[];
}

export function useProviderOptions(): ProviderOptions {
  const query = useQuery({
    queryKey: queryKeys.locations,
    queryFn: ({ signal }) => request("/api/locations", locationListSchema, { signal }),
    select: (list) => providersOf(list.locations),
  });
  return { ...loadState(query, "De aanbieders konden niet worden geladen."), providers: query.data ?? [] };
}
