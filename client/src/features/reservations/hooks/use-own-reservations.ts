// The reservations at the provider's own locations, fetched again whenever the server says they changed (a new one,
// an answer from a colleague, an expiry) and after a reconnect, when such a push may have been missed.
import { useCallback } from "react";
import type { AnswerReservation } from "../../../../../shared/schemas/placements.js";
import { useFetched } from "../../../hooks/use-fetched.js";
import { usePushRefetch } from "../../../hooks/use-push-refetch.js";
import { answerReservation, listOwnReservations } from "../api/reservations.js";

export function useOwnReservations() {
  const {
    status,
    data: reservations,
    setData: setReservations,
    error,
    reload,
  } = useFetched(
    async (signal) => {
      const list = await listOwnReservations(signal);
      // The one that runs out first comes first: it needs an answer soonest.
      return list.toSorted((a, b) => a.expiresAt.localeCompare(b.expiresAt));
    },
    { initial: [] },
  );

  usePushRefetch("reservations:changed", reload);

  /** Throws an ApiError for the answer form to show. */
  const answer = useCallback(
    async (reservationId: number, body: AnswerReservation) => {
      const answered = await answerReservation(reservationId, body);
      setReservations((prev) => prev.map((r) => (r.id === answered.id ? answered : r)));
      return answered;
    },
    [setReservations],
  );

  return { status, reservations, error, reload, answer };
}
