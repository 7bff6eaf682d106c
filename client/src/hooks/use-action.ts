// An action the user starts with a click (a write, not a read): whether it is under way, and why it failed if it did.
import { useState } from "react";
import { type ApiError, asApiError } from "../lib/api.js";

export interface Action<A extends unknown[]> {
  busy: boolean;
  /** Why the last run failed; cleared when the next one starts. */
  error: ApiError | undefined;
  /** Never throws: a failure lands in error, to be shown where the user asked. */
  run(...args: A): Promise<void>;
}

export function useAction<A extends unknown[]>(
  action: (...args: A) => Promise<unknown>,
  /** Shown when the failure is not an ApiError with the server's own explanation. */
  failure?: string,
): Action<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);

  async function run(...args: A) {
    setBusy(true);
    setError(undefined);
    try {
      await action(...args);
    } catch (err) {
      setError(asApiError(err, failure));
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, run };
}
