// The provider's side of a reservation: the open ones at its own locations, and its answer to one.
import { z } from "zod";
import { type AnswerReservation, reservationSchema } from "../../../../../shared/schemas/placements.js";
import { request } from "../../../lib/api.js";

export function listOwnReservations(signal?: AbortSignal) {
  return request("/api/reservations", z.array(reservationSchema), signal ? { signal } : {});
}

export function answerReservation(reservationId: number, body: AnswerReservation) {
  return request(`/api/reservations/${reservationId}/answer`, reservationSchema, { method: "POST", body });
}
