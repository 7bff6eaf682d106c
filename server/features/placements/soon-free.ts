// Places that come free ("vrij per", #22 part 5): a reservation holds what is free now and claims the planned departures
// it rests on; as places come free there they go straight to it (capacity's FreedPlacesHook), never free for anyone
// else; a claimed departure cancelled or moved past the day lets it lapse (vervallen). Lock order, for every
// transaction that changes claims: the planning lock, the location, the reservation, the request.
import { originOf } from "../../../shared/calendar.js";
import type { Match } from "../../../shared/rules/matching.js";
import type { CapacityEvent } from "../../../shared/schemas/capacity.js";
import type { Tx } from "../../db/client.js";
import type { ReservationRow } from "../../db/schema.js";
import { Conflict } from "../../http/errors.js";
import { actorLabel, type ChangeContext } from "../../policies/types.js";
import { recordAudit } from "../audit/service.js";
import { changeInTransaction, type FreedPlacesHook, lockLocation } from "../capacity/service.js";
import { lockPlanning, recordClaim } from "../forecast/planning.js";
import * as notices from "../notifications/producers.js";
import type { Created } from "../notifications/service.js";
import { emitWebhook, reservationEvent } from "../webhooks/producer.js";
import * as claims from "./claims.js";
import type { PlacementDeps } from "./deps.js";
import * as repo from "./repository.js";

/** What a reservation of a coming place holds: the day, how many places it still waits for, its answer time. */
export interface ComingHold {
  availableFrom: string;
  awaiting: number;
  expiresAt: Date;
  departureIds: number[];
}

/** For a match that comes free: its hold; undefined for a place free now. */
export function comingHold(match: Match, places: number, expiryMinutes: number, now = new Date()) {
  if (match.availableFrom === null) return undefined;
  const hold: ComingHold = {
    availableFrom: match.availableFrom,
    // Each departure frees one place; the rest of the places are free now and held at once.
    awaiting: Math.min(places, match.departureIds.length),
    expiresAt: answerBy(match.availableFrom, expiryMinutes, now),
    departureIds: match.departureIds,
  };
  return hold;
}

/** It cannot lapse while it awaits its departure: the answer window starts on the day the place comes free. */
const answerBy = (day: string, minutes: number, now: Date) =>
  new Date(Math.max(originOf(day).getTime(), now.getTime()) + minutes * 60_000);

/** The places a reservation holds in the location's reserved count now. */
export const held = (r: Pick<ReservationRow, "places" | "awaiting">) => r.places - r.awaiting;

/** Claims the departures the place rests on; one claimed or changed meanwhile is a conflict (409). */
export async function claimDepartures(tx: Tx, reservation: ReservationRow, hold: ComingHold, actor: string) {
  const claimed = await claims.claim(tx, reservation, hold.availableFrom, hold.departureIds);
  if (claimed.length < hold.departureIds.length) {
    throw new Conflict(
      `De geplande uitstroom waarop de plek per ${hold.availableFrom} rust, is net door een andere reservering ` +
        "geclaimd of gewijzigd.",
    );
  }
  for (const d of claimed) await recordClaim(tx, d, "geclaimd", actor);
}

/** The reservation ended without a placement: its departures count for everyone again. */
export async function releaseClaims(tx: Tx, reservationId: number, actor: string): Promise<void> {
  for (const d of await claims.unclaim(tx, reservationId)) {
    if (d.cancelledAt === null) await recordClaim(tx, d, "vrijgegeven", actor);
  }
}

/**
 * Before a transaction locks a reservation of a coming place: the planning lock and its location's row lock, in the
 * order every claim change takes them. Nothing for a place free now. The fields read are never changed.
 */
export async function lockBeforeReservation(tx: Tx, reservationId: number): Promise<void> {
  const found = await repo.findReservation(tx, reservationId);
  if (!found || found.reservation.availableFrom === null) return;
  await lockPlanning(tx);
  await lockLocation(tx, found.reservation.locationId);
}

/** Accepting needs the place itself: while it awaits its departure, the answer is 409. */
export function acceptable(r: ReservationRow): void {
  if (r.awaiting > 0 && r.availableFrom !== null) {
    throw new Conflict(
      `De plek komt pas vrij per ${r.availableFrom}: accepteren kan als de geplande uitstroom er is ` +
        `(nog ${r.awaiting} plek(ken) te gaan). Meld de uitstroom als vrijgekomen plek.`,
    );
  }
}

/** Capacity's hook: freed places at a location go to the reservations awaiting them there, earliest day first. */
export function freedPlacesHook(deps: PlacementDeps): FreedPlacesHook {
  return {
    take: async (tx, locationId, gained) => {
      let left = gained;
      const told: { id: number; createdBy: number }[] = [];
      let providerId: number | undefined;
      for (const r of await claims.lockAwaiting(tx, locationId)) {
        const places = Math.min(left, r.awaiting);
        if (places === 0) break;
        const window = deps.config.reservationExpiryMinutes;
        await claims.receive(tx, r, places, new Date(Date.now() + window * 60_000));
        left -= places;
        const [request, found] = await Promise.all([repo.findRequest(tx, r.requestId), repo.findReservation(tx, r.id)]);
        if (request) told.push(request);
        providerId = found?.providerId;
      }
      return {
        places: gained - left,
        after: () => {
          if (providerId !== undefined) deps.notifyProvider(providerId);
          for (const request of told) deps.notifyRequest(request);
        },
      };
    },
  };
}

/**
 * planning's hook for a claimed departure that was moved or cancelled (in the planning transaction, which holds the
 * planning lock and the departure). Moved to a day on or before the reservation's, it still holds; cancelled or moved
 * past it while places are still awaited, the reservation lapses: its held places are released, its other claims
 * given back, the request searches again and its maker hears that the place does not come free on that day.
 */
export function claimedDepartureChanged(deps: PlacementDeps) {
  return async (tx: Tx, departure: claims.DepartureRow, ctx: ChangeContext): Promise<() => void> => {
    const nothing = () => {};
    if (departure.reservationId === null) return nothing;
    const plain = await repo.findReservation(tx, departure.reservationId);
    const day = plain?.reservation.availableFrom;
    if (!plain || !day || plain.reservation.status !== "open") return nothing;
    const movedTo = departure.cancelledAt === null ? departure.expectedDate : null;
    if (movedTo !== null && movedTo <= day) return nothing;
    await lockLocation(tx, plain.reservation.locationId);
    const found = await repo.findReservation(tx, departure.reservationId, true);
    // All its places came free already: the departure has happened, whatever its plan says now.
    if (found?.reservation.status !== "open" || found.reservation.awaiting === 0) return nothing;
    return lapse(deps, tx, { ...found, availableFrom: day }, { departureId: departure.id, movedTo }, ctx);
  };
}

async function lapse(
  deps: PlacementDeps,
  tx: Tx,
  found: { reservation: ReservationRow; providerId: number; locationName: string; availableFrom: string },
  cause: { departureId: number; movedTo: string | null },
  ctx: ChangeContext,
): Promise<() => void> {
  const { reservation: r } = found;
  const actor = actorLabel(ctx.actor);
  const events: CapacityEvent[] = [];
  if (held(r) > 0) {
    const unreserve = { kind: "unreserve", places: held(r) } as const;
    events.push((await changeInTransaction(tx, r.locationId, unreserve, ctx, { authorize: false })).event);
  }
  await claims.setLapsed(tx, r.id);
  await emitWebhook(tx, reservationEvent("reservering.vervallen", r));
  await releaseClaims(tx, r.id, actor);
  const request = await repo.findRequest(tx, r.requestId, true);
  const created: Created[] = await notices.reservationSettled(tx, r.id);
  if (request) {
    if (request.status === "gereserveerd")
      await repo.setStatus(tx, request, request.escalatedAt ? "opgeschaald" : "zoekend", actor);
    created.push(
      ...(await notices.reservationLapsed(tx, deps.notifications, {
        ...{ reservationId: r.id, requestId: request.id, caseNumber: request.caseNumber },
        ...{ locationName: found.locationName, createdBy: r.createdBy, availableFrom: found.availableFrom },
        movedTo: cause.movedTo,
      })),
    );
  }
  await recordAudit(tx, {
    actor: ctx.actor,
    action: "reservering.vervallen",
    outcome: "succes",
    ip: ctx.ip,
    requestKey: ctx.requestKey,
    objectType: "reservering",
    objectId: r.id,
    ...(request ? { onBehalfOf: request.caseNumber } : {}),
    detail:
      `vrij per ${found.availableFrom}: geplande uitstroom ${cause.departureId} ` +
      (cause.movedTo ? `verplaatst naar ${cause.movedTo}` : "geannuleerd"),
  });
  return () => {
    for (const e of events) deps.capacity.publish(e);
    deps.notifyProvider(found.providerId);
    if (request) deps.notifyRequest(request);
    deps.notifyUsers(created);
  };
}

/** The audit detail of a reservation, with the day of a coming place ("vrij per 2026-12-14"). */
export function withComing(audit: { detail?: string }, availableFrom: string | null): { detail?: string } {
  if (availableFrom === null) return audit;
  return { detail: [audit.detail, `vrij per ${availableFrom}`].filter(Boolean).join("; ") };
}
