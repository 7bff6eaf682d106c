// The reservations at the provider's own locations, read again whenever the server says they changed (a new one, an
// answer from a colleague, an expiry) and after a reconnect, when such a push may have been missed
// (app/push-invalidation.ts).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { AnswerReservation, Reservation } from "../../../../../shared/schemas/placements.js";
import { loadState } from "../../../lib/query-client.js";
import { queryKeys } from "../../../lib/query-keys.js";
import { answerReservation, listOwnReservations } from "../api/reservations.js";

export function useOwnReservations() {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.ownReservations,
    queryFn: async ({ signal }) =>
      // The one that runs out first comes first: it needs an answer soonest.
      (await listOwnReservations(signal)).toSorted((a, b) => a.expiresAt.localeCompare(b.expiresAt)),
  });

  /** Throws an ApiError for the answer form to show. */
  const answer = useCallback(
    async (reservationId: number, body: AnswerReservation) => {
      const answered = await answerReservation(reservationId, body);
      queryClient.setQueryData<Reservation[]>(queryKeys.ownReservations, (prev) =>
        prev?.map((r) => (r.id === answered.id ? answered : r)),
      );
      return answered;
    },
    [queryClient],
  );

  return { ...loadState(query), reservations: query.data ?? [], answer };
}
