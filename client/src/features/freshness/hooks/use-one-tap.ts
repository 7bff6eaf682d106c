// The one-tap page's state: the secret from the link's fragment (#...: never sent to a server or kept in its logs),
// the link's numbers, and the confirmation; after a refusal the numbers are read again, so the page shows them as now.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { FreshnessConfirmed, FreshnessLook } from "../../../../../shared/schemas/freshness.js";
import { type ApiError, asApiError } from "../../../lib/api.js";
import { apiErrors } from "../../../lib/query-client.js";
import { queryKeys } from "../../../lib/query-keys.js";
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

export function useOneTap(): { state: OneTap; confirm(): void } {
  const [token] = useState(tokenFromHash);
  const queryClient = useQueryClient();
  const look = useQuery({
    queryKey: queryKeys.freshnessLink,
    queryFn: ({ signal }) => lookAtLink(token ?? "", signal),
    enabled: token !== undefined,
  });
  const confirmation = useMutation({
    mutationFn: apiErrors(() => confirmLink(token ?? "")),
    // The refusal shows once the numbers are read again (the mutation waits for it), so they show as they are now.
    onError: () => queryClient.refetchQueries({ queryKey: queryKeys.freshnessLink }),
  });
  const refusal = confirmation.error ?? undefined;

  const state: OneTap = !token
    ? { status: "no-token" }
    : confirmation.data
      ? { status: "confirmed", confirmed: confirmation.data }
      : look.data
        ? { status: "ready", look: look.data, busy: confirmation.isPending, ...(refusal ? { refusal } : {}) }
        : look.isError
          ? { status: "failed", error: refusal ?? asApiError(look.error) }
          : { status: "loading" };

  return {
    state,
    confirm: () => {
      if (state.status === "ready") confirmation.mutate();
    },
  };
}
