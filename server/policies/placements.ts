// Placement requests hold data about a youth: only the regisseurs and the verwijzer who made a request see it;
// providers see what a reservation at their own location needs; policy staff see aggregates only.
import type { RequestStatus } from "../../shared/domain.js";
import { allow } from "./types.js";

/** A request before the search: the verwijzer's concept, with or without its ambulant record. */
export const BEFORE_SEARCH: readonly RequestStatus[] = ["concept", "ambulant-vastgelegd"];

export const placementPolicies = {
  "requests.create": allow({ roles: ["verwijzer", "regisseur"] }),
  "requests.read": allow<{ createdBy: number }>({
    roles: ["verwijzer", "regisseur"],
    when: (actor, request) => actor.role === "regisseur" || (actor.kind === "user" && actor.id === request.createdBy),
  }),
  /** Recording the ambulant alternatives and the analysis, asking to search, withdrawing. */
  "requests.update": allow<{ createdBy: number }>({
    roles: ["verwijzer", "regisseur"],
    when: (actor, request) => actor.role === "regisseur" || (actor.kind === "user" && actor.id === request.createdBy),
  }),
  /**
   * Correcting a request's codes: the regisseurs while it is open; its maker only while it is still its own concept,
   * before the search starts (after that, the CPWV works with it and it is theirs to correct).
   */
  "requests.correct": allow<{ createdBy: number; status: RequestStatus }>({
    roles: ["verwijzer", "regisseur"],
    when: (actor, request) =>
      actor.role === "regisseur" ||
      (actor.kind === "user" && actor.id === request.createdBy && BEFORE_SEARCH.includes(request.status)),
  }),
  /** Matching and reserving: the CPWV's work. */
  "requests.match": allow({ roles: ["regisseur"] }),
  "reservations.answer": allow<{ providerId: number }>({
    roles: ["aanbieder"],
    when: (actor, location) => actor.providerId === location.providerId,
  }),
  "reservations.read-own": allow({ roles: ["aanbieder"] }),
  "placements.statistics": allow({ roles: ["regisseur", "beleid", "beheerder"] }),
};
