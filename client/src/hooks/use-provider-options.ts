// The providers for a picker (tokens, accounts), read once from the location list. Pickers need names, not live
// counts, so this skips the socket feed the board runs on.
import { locationListSchema } from "../../../shared/schemas/capacity.js";
import { type ApiError, request } from "../lib/api.js";
import { type ProviderOption, providersOf } from "../lib/providers.js";
import { type LoadStatus, useFetched } from "./use-fetched.js";

export interface ProviderOptions {
  status: LoadStatus;
  providers: ProviderOption[];
  error: ApiError | undefined;
  reload(): void;
}

export function useProviderOptions(): ProviderOptions {
  const { status, data, error, reload } = useFetched(
    async (signal) => providersOf((await request("/api/locations", locationListSchema, { signal })).locations),
    { initial: [], failure: "De aanbieders konden niet worden geladen." },
  );
  return { status, providers: data, error, reload };
}
