// Reservations: a regisseur holds places for a request; the provider accepts (placement) or declines with a reason;
// unanswered ones expire by themselves. Counts change through the capacity write path, in the same transaction.
import { eq } from "drizzle-orm";
import {
  CARE_TYPE_LABELS,
  type CareType,
  CRISIS_PLACE_REASONS,
  type CrisisPlaceReason,
  type HomeLikeExceptionReason,
} from "../../../shared/domain.js";
import { HOME_LIKE_EXCEPTION_REASON_LABELS } from "../../../shared/labels.js";
import { crisisFreePlaces } from "../../../shared/rules/capacity.js";
import { isStale } from "../../../shared/rules/freshness.js";
import { hardFailures, matchLocations } from "../../../shared/rules/matching.js";
import { betterCareType, moreHomeLikeTypes } from "../../../shared/rules/thuis-tenzij.js";
import type { CapacityEvent } from "../../../shared/schemas/capacity.js";
import type { AnswerReservation, Reservation } from "../../../shared/schemas/placements.js";
import type { Tx } from "../../db/client.js";
import { type PlacementRequestRow, placementRequests, reservations } from "../../db/schema.js";
import { Conflict, HiddenFromCaller, NotFound, RuleViolation } from "../../http/errors.js";
import { can } from "../../policies/policy.js";
import type { ChangeContext } from "../../policies/types.js";
import { actorLabel } from "../../policies/types.js";
import { recordAudit } from "../audit/service.js";
import { changeInTransaction, lockLocation } from "../capacity/service.js";
import { lockPlanning } from "../forecast/planning.js";
import * as notices from "../notifications/producers.js";
import type { Created } from "../notifications/service.js";
import { emitWebhook, reservationEvent } from "../webhooks/producer.js";
import type { PlacementDeps } from "./deps.js";
import { candidatesIn, matchRequestOf, presentMatches, SEARCHING } from "./matching.js";
import { presentReservation } from "./presenter.js";
import * as repo from "./repository.js";
import { authorizeRequest, requestNotFound } from "./requests.js";
import {
  acceptable,
  claimDepartures,
  comingHold,
  held,
  lockBeforeReservation,
  releaseClaims,
  withComing,
} from "./soon-free.js";

const SYSTEM: ChangeContext = { actor: { kind: "system" }, ip: "" };
const reservationNotFound = (id: number) => `Reservering ${id} bestaat niet.`;

export async function reserve(
  deps: PlacementDeps,
  requestId: number,
  locationId: number,
  ctx: ChangeContext,
  reasons: ReserveReasons = {},
): Promise<Reservation> {
  const { homeLikeReason } = reasons;
  const events: CapacityEvent[] = [];
  // Judged before the transaction, from the match index as the match list is (the index reads outside it); told only
  // after the authorization and fit checks inside.
  const better = await moreHomeLikeFree(deps, requestId, locationId);
  const result = await deps.db.transaction(async (tx) => {
    // A place that comes free claims planned departures: the planning lock comes before any row lock (soon-free.ts).
    await lockPlanning(tx);
    const request = await repo.findRequest(tx, requestId, true);
    if (!request) throw new NotFound(requestNotFound(requestId));
    authorizeRequest(ctx, "requests.match", request);
    if (!SEARCHING.has(request.status) || request.status === "gereserveerd") {
      if (request.status === "gereserveerd") throw new Conflict("Dit verzoek heeft al een openstaande reservering.");
      throw new RuleViolation(`Reserveren kan pas als het verzoek 'zoekend' is; het is nu '${request.status}'.`);
    }
    // Row lock on the location first: concurrent reservations of the last place queue here, and each one then
    // judges the fit on the counts its predecessor left. Exactly one gets the last place.
    if (!(await lockLocation(tx, locationId))) throw new NotFound(`Locatie ${locationId} bestaat niet.`);
    const candidate = await repo.candidateAt(tx, locationId);
    if (!candidate) throw new NotFound(`Locatie ${locationId} bestaat niet.`);
    const places = request.siblings + 1;
    const fit = matchLocations(matchRequestOf(request), [candidate.location], candidate.departures);
    const match = fit.matches[0];
    if (!match) {
      const reasons = fit.excluded[0]?.reasons ?? [];
      // Only the places are missing: it fitted, but someone else just took them. That is a conflict, not a misfit.
      if (hardFailures(matchRequestOf(request), candidate.location).length === 0) {
        throw new Conflict(`Op deze locatie zijn nu geen ${places} vrije plek(ken) meer: ${reasons.join("; ")}.`);
      }
      throw new RuleViolation(`Deze locatie past niet: ${reasons.join("; ")}.`);
    }
    // Listed, but unlawful for this youth: JeugdzorgPlus without a machtiging of the kinderrechter (domain.md).
    if (match.notAllowed.length > 0) {
      throw new RuleViolation(`Deze locatie is niet toegestaan: ${match.notAllowed.join("; ")}.`);
    }
    if (better && !homeLikeReason) throw homeLikeReasonNeeded(candidate.location.careType, better);
    // Judged on the in-transaction match: the crisis places may have become the only free ones a moment ago.
    const crisisReason = match.crisisException ? reasons.crisisReason : undefined;
    if (match.crisisException && !crisisReason) throw crisisReasonNeeded();
    const exception = better && homeLikeReason ? { homeLikeReason, homeLikeBetter: better } : {};
    // A place that comes free ("vrij per"): what is free now is held at once, the rest awaits its claimed departures.
    // The location is written even when nothing is held yet: its new version stops a release read before this.
    const coming = comingHold(match, places, deps.config.reservationExpiryMinutes);
    const holdNow = { kind: "reserve", places: places - (coming?.awaiting ?? 0) } as const;
    const { event } = await changeInTransaction(tx, locationId, holdNow, ctx, { authorize: false });
    events.push(event);
    const [row] = await tx
      .insert(reservations)
      .values({
        requestId,
        locationId,
        places,
        contraIndications: match.contraIndications,
        ...exception,
        ...(crisisReason ? { crisisReason } : {}),
        expiresAt: coming?.expiresAt ?? new Date(Date.now() + deps.config.reservationExpiryMinutes * 60_000),
        ...(coming ? { availableFrom: coming.availableFrom, awaiting: coming.awaiting } : {}),
        createdBy: actorLabel(ctx.actor),
      })
      .returning();
    if (!row) throw new Error("reservation insert returned nothing");
    if (coming) await claimDepartures(tx, row, coming, actorLabel(ctx.actor));
    await repo.setStatus(tx, request, "gereserveerd", actorLabel(ctx.actor));
    const confirmedAt = candidate.location.lastConfirmedAt;
    const created = await notices.reservationWaiting(tx, deps.notifications, {
      ...{ reservationId: row.id, requestId, caseNumber: request.caseNumber, places },
      ...{ locationName: candidate.location.name, providerId: candidate.location.providerId, expiresAt: row.expiresAt },
      // A place nobody confirmed for days may not be there: the notice asks for the numbers too (#22).
      staleSince: isStale(confirmedAt, new Date(), deps.capacity.staleAfterHours) ? confirmedAt : null,
      availableFrom: row.availableFrom,
    });
    await emitWebhook(tx, reservationEvent("reservering.gemaakt", row));
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "reservering.gemaakt",
      outcome: "succes",
      ip: ctx.ip,
      requestKey: ctx.requestKey,
      objectType: "reservering",
      objectId: row.id,
      onBehalfOf: request.caseNumber,
      ...withComing(
        auditDetail(better && homeLikeReason ? { homeLikeReason, better } : undefined, crisisReason),
        row.availableFrom,
      ),
    });
    return {
      reservation: presentReservation(row, candidate.location.name, request),
      providerId: candidate.location.providerId,
      request,
      created,
    };
  });
  for (const e of events) deps.capacity.publish(e);
  deps.notifyProvider(result.providerId);
  deps.notifyRequest(result.request);
  deps.notifyUsers(result.created);
  return result.reservation;
}

/**
 * "Thuis, tenzij" (domain.md): the most home-like care type, more home-like than the one being reserved, with a place
 * that fits freely now, read from the match index like the match list; undefined when there is none.
 */
async function moreHomeLikeFree(
  deps: PlacementDeps,
  requestId: number,
  locationId: number,
): Promise<CareType | undefined> {
  const [request, snapshot] = await Promise.all([repo.findRequest(deps.db, requestId), deps.matchIndex.current()]);
  const location = snapshot.locations.get(locationId)?.location;
  const chosen = location?.careType;
  if (!request || !location || !chosen) return undefined;
  const types = moreHomeLikeTypes(request.acceptableCareTypes, chosen);
  if (types.length === 0) return undefined;
  const match = { ...matchRequestOf(request), acceptableCareTypes: types };
  const listed = presentMatches(
    match,
    candidatesIn(match, snapshot),
    deps.capacity.staleAfterHours,
    Number.POSITIVE_INFINITY,
  );
  const crisisIntake = request.urgency === "crisis" && crisisFreePlaces(location) >= request.siblings + 1;
  return betterCareType(chosen, listed.matches, crisisIntake);
}

/** Why reserve() may need a coded reason: "thuis, tenzij" and a crisis place for a regular request. */
export interface ReserveReasons {
  homeLikeReason?: HomeLikeExceptionReason | undefined;
  crisisReason?: CrisisPlaceReason | undefined;
}

function auditDetail(
  homeLike: { homeLikeReason: HomeLikeExceptionReason; better: CareType } | undefined,
  crisisReason: CrisisPlaceReason | undefined,
): { detail?: string } {
  const parts = [
    homeLike && `thuis, tenzij: ${homeLike.homeLikeReason} (vrij in ${homeLike.better})`,
    crisisReason && `crisisplek voor regulier verzoek: ${crisisReason}`,
  ].filter(Boolean);
  return parts.length > 0 ? { detail: parts.join("; ") } : {};
}

/** domain.md: crisis places are kept for crisis intake; a regular placement takes one only by exception, with a reason. */
function crisisReasonNeeded() {
  return new RuleViolation(
    "Deze plek is een crisisplek: een regulier verzoek neemt die alleen met een reden " +
      `(crisisReason: ${CRISIS_PLACE_REASONS.join(", ")}).`,
  );
}

function homeLikeReasonNeeded(chosen: CareType, better: CareType) {
  const codes = Object.keys(HOME_LIKE_EXCEPTION_REASON_LABELS).join(", ");
  return new RuleViolation(
    `Thuis, tenzij: er is een passende vrije plek in ${CARE_TYPE_LABELS[better]}, meer thuis dan ` +
      `${CARE_TYPE_LABELS[chosen]}. Geef een reden (homeLikeReason: ${codes}).`,
  );
}

export async function answer(
  deps: PlacementDeps,
  reservationId: number,
  input: AnswerReservation,
  ctx: ChangeContext,
): Promise<Reservation> {
  const events: CapacityEvent[] = [];
  const result = await deps.db.transaction(async (tx) => {
    await lockBeforeReservation(tx, reservationId);
    const found = await repo.findReservation(tx, reservationId, true);
    if (!found) throw new NotFound(reservationNotFound(reservationId));
    // Another provider's reservation answers as if it did not exist (a 403 would confirm the id); still audited.
    if (!can(ctx.actor, "reservations.answer", { providerId: found.providerId })) {
      throw new HiddenFromCaller("reservations.answer", reservationNotFound(reservationId), {
        type: "reservering",
        id: reservationId,
      });
    }
    const { reservation } = found;
    if (reservation.status !== "open") throw new Conflict(`De reservering is al ${reservation.status}.`);
    if (reservation.expiresAt < new Date()) throw new Conflict("De reservering is verlopen.");
    const request = await repo.findRequest(tx, reservation.requestId, true);
    if (!request) throw new NotFound("Het plaatsingsverzoek bestaat niet meer.");
    const actor = actorLabel(ctx.actor);
    const facts = {
      ...{ reservationId, requestId: request.id, caseNumber: request.caseNumber },
      ...{ locationName: found.locationName, createdBy: reservation.createdBy },
    };
    const created: Created[] = [];
    if (input.answer === "accepteren") {
      acceptable(reservation);
      if (reservation.contraIndications.length > 0 && !input.contraIndicationsAgreed) {
        throw new RuleViolation(
          `Deze jeugdige valt onder uw contra-indicatie(s) ${reservation.contraIndications.join(", ")}: accepteren vraagt uw uitdrukkelijke instemming.`,
        );
      }
      events.push(
        (
          await changeInTransaction(tx, reservation.locationId, { kind: "place", places: reservation.places }, ctx, {
            authorize: false,
          })
        ).event,
      );
      await tx
        .update(reservations)
        .set({ status: "geaccepteerd", answeredBy: actor, answeredAt: new Date() })
        .where(eq(reservations.id, reservationId));
      await repo.setStatus(tx, request, "geplaatst", actor, {
        placedAt: new Date(),
        placedLocationId: reservation.locationId,
      });
      created.push(...(await notices.reservationAnswered(tx, deps.notifications, { ...facts, answer: input.answer })));
    } else {
      events.push(await release(tx, reservation.locationId, held(reservation), ctx));
      await releaseClaims(tx, reservationId, actor);
      await tx
        .update(reservations)
        .set({
          status: "geweigerd",
          answeredBy: actor,
          answeredAt: new Date(),
          declineReason: input.reason,
          declineNote: input.note ?? null,
        })
        .where(eq(reservations.id, reservationId));
      created.push(
        ...(await notices.reservationAnswered(tx, deps.notifications, {
          ...facts,
          answer: "weigeren",
          reason: input.reason,
        })),
        ...(await afterRelease(tx, deps, request, actor, true)),
      );
    }
    created.push(...(await notices.reservationSettled(tx, reservationId)));
    const answered = input.answer === "accepteren" ? "reservering.geaccepteerd" : "reservering.geweigerd";
    await emitWebhook(tx, reservationEvent(answered, reservation));
    await recordAudit(tx, {
      actor: ctx.actor,
      action: answered,
      outcome: "succes",
      ip: ctx.ip,
      requestKey: ctx.requestKey,
      objectType: "reservering",
      objectId: reservationId,
      onBehalfOf: request.caseNumber,
      ...(input.answer === "weigeren" ? { detail: input.reason } : {}),
    });
    const [updated] = await tx.select().from(reservations).where(eq(reservations.id, reservationId));
    if (!updated) throw new NotFound(reservationNotFound(reservationId));
    return {
      reservation: presentReservation(updated, found.locationName, request),
      providerId: found.providerId,
      request,
      created,
    };
  });
  for (const e of events) deps.capacity.publish(e);
  deps.notifyProvider(result.providerId);
  deps.notifyRequest(result.request);
  deps.notifyUsers(result.created);
  return result.reservation;
}

async function release(tx: Tx, locationId: number, places: number, ctx: ChangeContext) {
  return (await changeInTransaction(tx, locationId, { kind: "unreserve", places }, ctx, { authorize: false })).event;
}

/** Back to searching, or escalated to the RET when the declines reach the limit: then the regisseurs are told. */
async function afterRelease(
  tx: Tx,
  deps: PlacementDeps,
  request: PlacementRequestRow,
  actor: string,
  declined: boolean,
): Promise<Created[]> {
  if (request.status !== "gereserveerd") return [];
  const [b] = await repo.bundle(tx, [request]);
  const declines = b?.declines ?? 0;
  if (declined && declines >= deps.config.escalateAfterDeclines && !request.escalatedAt) {
    await repo.setStatus(tx, request, "opgeschaald", actor, { escalatedAt: new Date() });
    return notices.requestEscalated(tx, deps.notifications, {
      ...{ requestId: request.id, caseNumber: request.caseNumber, declines },
    });
  }
  await repo.setStatus(tx, request, request.escalatedAt ? "opgeschaald" : "zoekend", actor);
  return [];
}

/**
 * Releases the open reservation of a request being withdrawn; its capacity events and the settled notices' users go
 * into `events` and `settled`, for after the commit.
 */
export function releaseForWithdrawal(ctx: ChangeContext, events: CapacityEvent[], settled: Created[]) {
  return async (tx: Tx, request: PlacementRequestRow) => {
    const open = await repo.openReservationOf(tx, request.id);
    if (!open) return;
    events.push(await release(tx, open.locationId, held(open), ctx));
    await releaseClaims(tx, open.id, actorLabel(ctx.actor));
    await tx
      .update(reservations)
      .set({ status: "ingetrokken", answeredAt: new Date() })
      .where(eq(reservations.id, open.id));
    await emitWebhook(tx, reservationEvent("reservering.ingetrokken", open));
    settled.push(...(await notices.reservationSettled(tx, open.id)));
  };
}

/** Expires open reservations past their time; several processes may run this at once (SKIP LOCKED). */
export async function expireReservations(deps: PlacementDeps, now = new Date()): Promise<number> {
  const events: CapacityEvent[] = [];
  const providers = new Set<number>();
  const requests: PlacementRequestRow[] = [];
  const created: Created[] = [];
  const expired = await deps.db.transaction(async (tx) => {
    // Before the reservations' row locks: an expiring reservation of a coming place gives back its claims.
    await lockPlanning(tx);
    const due = await repo.lockExpiredReservations(tx, now, 50);
    for (const r of due) {
      events.push(await release(tx, r.locationId, held(r), SYSTEM));
      await releaseClaims(tx, r.id, "systeem");
      await tx.update(reservations).set({ status: "verlopen", answeredAt: now }).where(eq(reservations.id, r.id));
      await emitWebhook(tx, reservationEvent("reservering.verlopen", r));
      created.push(...(await notices.reservationSettled(tx, r.id)));
      const [request] = await tx
        .select()
        .from(placementRequests)
        .where(eq(placementRequests.id, r.requestId))
        .for("update");
      const found = await repo.findReservation(tx, r.id);
      if (found) providers.add(found.providerId);
      if (request) {
        created.push(...(await afterRelease(tx, deps, request, "systeem", false)));
        requests.push(request);
        if (found) {
          const facts = { reservationId: r.id, requestId: request.id, caseNumber: request.caseNumber };
          const at = { locationName: found.locationName, createdBy: r.createdBy };
          created.push(...(await notices.reservationExpired(tx, deps.notifications, { ...facts, ...at })));
        }
      }
    }
    return due.length;
  });
  for (const e of events) deps.capacity.publish(e);
  for (const p of providers) deps.notifyProvider(p);
  for (const r of requests) deps.notifyRequest(r);
  deps.notifyUsers(created);
  return expired;
}
