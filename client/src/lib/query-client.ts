// TanStack Query as the app uses it: one client, its defaults, and the two small adapters between a query or a write
// and the screen (a load problem with its retry; a failure as the ApiError the forms show).
import { QueryClient, type UseQueryResult } from "@tanstack/react-query";
import { type ApiError, asApiError } from "./api.js";

declare module "@tanstack/react-query" {
  interface Register {
    // Request functions throw ApiError (lib/api.ts) and writes go through apiErrors() below.
    defaultError: ApiError;
  }
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Pushes keep what is on screen current (app/push-invalidation.ts) and every reconnect reads again, so a
        // window getting focus is no reason to.
        refetchOnWindowFocus: false,
        // A failed read is shown at once with its "Opnieuw proberen", and read again when the socket finds the server
        // again; silent retries would only keep the user waiting for the same answer.
        retry: false,
      },
      // Writes carry an idempotency key and are retried by lib/api.ts itself where their outcome is unknown.
      mutations: { retry: false },
    },
  });
}

export type LoadStatus = "loading" | "ready" | "error";

export interface LoadState {
  /** "loading" until the first answer. A failed reread after that stays "ready": the data keeps showing, with error. */
  status: LoadStatus;
  /** Why the last read failed; cleared by the next answer. */
  error: ApiError | undefined;
  /** Whether a read is under way, the first one or a later one. */
  busy: boolean;
  reload(): void;
}

/** What a page shows about a read: LoadProblem's status and error, and its retry. */
export function loadState(query: UseQueryResult<unknown>, failure?: string): LoadState {
  return {
    status: query.data !== undefined ? "ready" : query.isError ? "error" : "loading",
    error: query.error ? asApiError(query.error, failure) : undefined,
    busy: query.isFetching,
    reload: () => void query.refetch(),
  };
}

/** A write whose failure reaches the screen as an ApiError: the server's own words, or the fallback given here. */
export function apiErrors<W extends (variables: never) => Promise<unknown>>(write: W, failure?: string): W {
  return ((variables: never) =>
    write(variables).catch((err: unknown) => {
      throw asApiError(err, failure);
    })) as W;
}
