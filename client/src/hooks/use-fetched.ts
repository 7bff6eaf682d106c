// One read from the API that a screen shows: fetched on mount, again on a new key or reload(), and cancelled when it
// is no longer wanted, so an older answer never overwrites a newer one.
import { type Dispatch, type SetStateAction, useCallback, useEffect, useEffectEvent, useState } from "react";
import { type ApiError, asApiError } from "../lib/api.js";

export type LoadStatus = "loading" | "ready" | "error";

export interface Fetched<D> {
  /** "loading" until the first answer. A failed reload after that stays "ready": the data keeps showing, with error. */
  status: LoadStatus;
  /** The last answer; before the first one, the initial value. */
  data: D;
  /** Puts the server's answer to a change in place, without fetching again. */
  setData: Dispatch<SetStateAction<D>>;
  /** Why the last fetch failed; cleared by the next answer. */
  error: ApiError | undefined;
  /** Whether a fetch is under way, the first one or a later one. */
  busy: boolean;
  reload(): void;
}

interface FetchOptions<T> {
  /** A new key fetches again. Compared by identity: a primitive, or a value kept in state. */
  key?: unknown;
  /** Shown when the failure is not an ApiError with the server's own explanation. */
  failure?: string;
  /** The data before the first answer; undefined when not given. */
  initial?: T;
}

type Progress = Pick<Fetched<unknown>, "status" | "error" | "busy">;

export function useFetched<T>(
  load: (signal: AbortSignal) => Promise<T>,
  options: FetchOptions<T> & { initial: T },
): Fetched<T>;
export function useFetched<T>(
  load: (signal: AbortSignal) => Promise<T>,
  options?: FetchOptions<T>,
): Fetched<T | undefined>;
export function useFetched<T>(
  load: (signal: AbortSignal) => Promise<T>,
  { key, failure, initial }: FetchOptions<T> = {},
): Fetched<T | undefined> {
  const [data, setData] = useState<T | undefined>(initial);
  const [progress, setProgress] = useState<Progress>({ status: "loading", error: undefined, busy: true });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  // Always the caller's newest load, so it need not be memoised: only a new key or reload() fetches again.
  const start = useEffectEvent(load);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new key or generation is the signal to fetch again.
  useEffect(() => {
    const controller = new AbortController();
    setProgress((prev) => (prev.busy ? prev : { ...prev, busy: true }));
    start(controller.signal).then(
      (answer) => {
        // Aborted means superseded by a newer fetch, or no longer on screen.
        if (controller.signal.aborted) return;
        setData(answer);
        setProgress({ status: "ready", error: undefined, busy: false });
      },
      (err: unknown) => {
        // An abort is our own doing, not a failure to report.
        if (controller.signal.aborted) return;
        const error = asApiError(err, failure);
        setProgress((prev) => ({ status: prev.status === "ready" ? "ready" : "error", error, busy: false }));
      },
    );
    return () => controller.abort();
  }, [key, generation, failure]);

  return { ...progress, data, setData, reload };
}
