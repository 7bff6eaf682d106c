// Shapes placement rows for the API.
import { ambulantOverdue } from "../../../shared/rules/ambulant-first.js";
import type { AmbulantAlternative, PlacementRequest, Reservation } from "../../../shared/schemas/placements.js";
import type { PlacementRequestRow, ReservationRow } from "../../db/schema.js";
import type { RequestBundle } from "./repository.js";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function presentRequest(
  { request: r, alternatives, transitions, declines }: RequestBundle,
  now: Date,
): PlacementRequest {
  return {
    id: r.id,
    version: r.version,
    caseNumber: r.caseNumber,
    age: r.age,
    gender: r.gender,
    homeMunicipality: r.homeMunicipality,
    homePostcode: r.homePostcode,
    schoolPostcode: r.schoolPostcode,
    urgency: r.urgency,
    wantedStart: r.wantedStart,
    siblings: r.siblings,
    characteristics: r.characteristics,
    flags: r.flags,
    acceptableCareTypes: r.acceptableCareTypes,
    currentCareType: r.currentCareType,
    complex: r.complex,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    ambulantAlternatives: alternatives.map(
      (a): AmbulantAlternative => ({
        type: a.type,
        periodFrom: a.periodFrom,
        periodTo: a.periodTo,
        outcome: a.outcome,
        reason: a.reason as AmbulantAlternative["reason"],
      }),
    ),
    explanatoryAnalysis:
      r.explanatoryAnalysisOn && r.explanatoryAnalysisBy
        ? { madeOn: r.explanatoryAnalysisOn, madeBy: r.explanatoryAnalysisBy }
        : null,
    ambulantDueAt: iso(r.ambulantDueAt),
    ambulantOverdue: ambulantOverdue(
      { urgency: r.urgency, ambulantAlternatives: alternatives.length, ambulantDueAt: r.ambulantDueAt },
      now,
    ),
    declines,
    escalatedAt: iso(r.escalatedAt),
    placedAt: iso(r.placedAt),
    transitions: transitions.map((t) => ({
      from: t.fromStatus,
      to: t.toStatus,
      actor: t.actor,
      actorName: t.actorName,
      at: t.at.toISOString(),
    })),
  };
}

export function presentReservation(
  row: ReservationRow,
  locationName: string,
  request: PlacementRequestRow,
): Reservation {
  return {
    id: row.id,
    requestId: row.requestId,
    caseNumber: request.caseNumber,
    locationId: row.locationId,
    locationName,
    places: row.places,
    status: row.status,
    expiresAt: row.expiresAt.toISOString(),
    contraIndications: row.contraIndications,
    declineReason: row.declineReason,
    declineNote: row.declineNote,
    homeLikeReason: row.homeLikeReason,
    homeLikeBetter: row.homeLikeBetter,
    crisisReason: row.crisisReason,
    availableFrom: row.availableFrom,
    awaiting: row.awaiting,
    youth: { age: request.age, gender: request.gender, characteristics: request.characteristics },
    createdAt: row.createdAt.toISOString(),
  };
}
