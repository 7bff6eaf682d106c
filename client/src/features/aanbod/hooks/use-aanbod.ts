// The region's providers with their locations, closed ones included, for the beheerder. Read again when a capacity
// change is pushed (the counts and any lifecycle change: app/push-invalidation.ts), and a change made here is put in
// the query cache from its answer.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { Provider, ProviderList } from "../../../../../shared/schemas/aanbod.js";
import type { Location } from "../../../../../shared/schemas/capacity.js";
import { loadState } from "../../../lib/query-client.js";
import { queryKeys } from "../../../lib/query-keys.js";
import * as api from "../api/aanbod.js";

const EMPTY: ProviderList = { providers: [] };
const collator = new Intl.Collator("nl-NL", { sensitivity: "base", numeric: true });

export function useAanbod() {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.aanbod.providers,
    queryFn: ({ signal }) => api.listProviders(signal),
  });
  const setData = useCallback(
    (change: ProviderList | ((prev: ProviderList) => ProviderList)) =>
      queryClient.setQueryData<ProviderList>(queryKeys.aanbod.providers, (prev) =>
        typeof change === "function" ? change(prev ?? EMPTY) : change,
      ),
    [queryClient],
  );

  const putProvider = useCallback(
    (provider: Provider) =>
      setData((prev) => {
        const known = prev.providers.find((p) => p.id === provider.id);
        const next = { ...provider, locations: known?.locations ?? [] };
        const providers = known
          ? prev.providers.map((p) => (p.id === provider.id ? next : p))
          : [...prev.providers, next];
        return { providers };
      }),
    [setData],
  );

  const putLocation = useCallback(
    (location: Location) =>
      setData((prev) => ({
        providers: prev.providers.map((p) =>
          p.id !== location.providerId
            ? p
            : {
                ...p,
                locations: p.locations.some((l) => l.id === location.id)
                  ? p.locations.map((l) => (l.id === location.id && l.version <= location.version ? location : l))
                  : [...p.locations, location],
              },
        ),
      })),
    [setData],
  );

  const providers = [...(query.data ?? EMPTY).providers].sort((a, b) => collator.compare(a.name, b.name));
  const { status, error, reload } = loadState(query, "De aanbieders en locaties konden niet worden geladen.");

  return {
    status,
    error,
    reload,
    providers,
    putLocation,
    createProvider: thenPut(api.createProvider, putProvider),
    updateProvider: thenPut(api.updateProvider, putProvider),
    /** After a 409: the version the server holds now, and the list read again so the form can start from it. */
    async currentVersion(id: number) {
      const list = await api.listProviders();
      setData(list);
      return list.providers.find((p) => p.id === id)?.version;
    },
    createLocation: thenPut(api.createLocation, putLocation),
    updateLocation: thenPut(api.updateLocation, putLocation),
    async closeLocation(location: Location) {
      putLocation(await api.closeLocation(location.id, { version: location.version }));
    },
    async reopenLocation(location: Location) {
      putLocation(await api.reopenLocation(location.id, { version: location.version }));
    },
  };
}

/** A write whose answer is put in the list at once, and returned to the form that made it. */
function thenPut<A extends unknown[], T>(write: (...args: A) => Promise<T>, put: (saved: T) => void) {
  return async (...args: A): Promise<T> => {
    const saved = await write(...args);
    put(saved);
    return saved;
  };
}
