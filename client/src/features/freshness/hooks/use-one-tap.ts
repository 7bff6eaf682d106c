// The one-tap page's state: the secret from the link's fragment (#...: never sent to a server or kept in its logs),
// the link's numbers, and the confirmation; after a refusal the numbers are read again, so the page shows them as now.
import { useCallback, useEffect, useState } from "react";
import type { FreshnessConfirmed, FreshnessLook } from "../../../../../shared/schemas/freshness.js";
import { type ApiError, asApiError } from "../../../lib/api.js";
import { confirmLink, lookAtLink } from "../api/freshness.js";

export type OneTap =
  | { status: "no-token" }
  | { status: "loading" }
  | { status: "failed"; error: ApiError }
  | { status: "ready"; look: FreshnessLook; busy: boolean; refusal?: ApiError }
  | { status: "confirmed"; confirmed: FreshnessConfirmed };

const tokenFromHash = () => {
  const token = window.location.hash.slice(1);
  return /^[A-Za-z0-9_-]{43}$/.test(token) ? token : undefined;
};

export function useOneTap(): { state: OneTap; confirm(): Promise<void> } {
  const [token] = useState(tokenFromHash);
  const [state, setState] = useState<OneTap>(token ? { status: "loading" } : { status: "no-token" });

  const load = useCallback(
    async (refusal?: ApiError, signal?: AbortSignal) => {
      if (!token) return;
      try {
        const look = await lookAtLink(token, signal);
        setState({ status: "ready", look, busy: false, ...(refusal ? { refusal } : {}) });
      } catch (err) {
        if (!signal?.aborted) setState({ status: "failed", error: refusal ?? asApiError(err) });
      }
    },
    [token],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(undefined, controller.signal);
    return () => controller.abort();
  }, [load]);

  async function confirm() {
    if (!token || state.status !== "ready") return;
    setState({ ...state, busy: true, refusal: undefined });
    try {
      setState({ status: "confirmed", confirmed: await confirmLink(token) });
    } catch (err) {
      await load(asApiError(err));
    }
  }

  return { state, confirm };
}
