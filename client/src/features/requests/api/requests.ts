// Placement requests: create, list, read, correct, the ambulant-first record, the status transitions and the reservations
// made for one request. Every read is logged by the server (domain.md rule 5).
import { z } from "zod";
import {
  type ambulantAlternativeSchema,
  type CorrectRequest,
  type createRequestSchema,
  type explanatoryAnalysisSchema,
  placementRequestSchema,
  reservationSchema,
} from "../../../../../shared/schemas/placements.js";
import { request } from "../../../lib/api.js";

/** Open requests; with finished, the placed and withdrawn ones too. */
export function listRequests(finished: boolean, signal?: AbortSignal) {
  const path = finished ? "/api/requests?finished=true" : "/api/requests";
  return request(path, z.array(placementRequestSchema), signal ? { signal } : {});
}

export function getRequest(id: number, signal?: AbortSignal) {
  return request(`/api/requests/${id}`, placementRequestSchema, signal ? { signal } : {});
}

export function createRequest(body: z.input<typeof createRequestSchema>) {
  return request("/api/requests", placementRequestSchema, { method: "POST", body });
}

/** Corrects some of the request's codes, with the version last seen: a stale one is answered with 409. */
export function correctRequest(id: number, body: CorrectRequest) {
  return request(`/api/requests/${id}`, placementRequestSchema, { method: "PATCH", body });
}

export function addAmbulantAlternative(id: number, body: z.input<typeof ambulantAlternativeSchema>) {
  return request(`/api/requests/${id}/ambulant`, placementRequestSchema, { method: "POST", body });
}

export function setExplanatoryAnalysis(id: number, body: z.input<typeof explanatoryAnalysisSchema>) {
  return request(`/api/requests/${id}/analysis`, placementRequestSchema, { method: "PUT", body });
}

export function transitionRequest(id: number, to: "zoekend" | "ingetrokken") {
  return request(`/api/requests/${id}/transition`, placementRequestSchema, { method: "POST", body: { to } });
}

export function listRequestReservations(id: number, signal?: AbortSignal) {
  return request(`/api/requests/${id}/reservations`, z.array(reservationSchema), signal ? { signal } : {});
}
