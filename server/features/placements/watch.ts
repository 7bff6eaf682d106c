// Watching a request: a regisseur follows a searching request and is told, on whichever page and node, when a place
// that fits it comes free. The check runs once, on the node that committed the change; the push goes through the
// socket.io adapter (Redis when configured) to the regisseur's own room on every node.
import { and, eq, inArray } from "drizzle-orm";
import { matchLocations } from "../../../shared/rules/matching.js";
import type { CapacityEvent } from "../../../shared/schemas/capacity.js";
import type { PlaceAvailable, WatchState } from "../../../shared/schemas/placements.js";
import { capacityEvents, placementRequests, requestWatches } from "../../db/schema.js";
import { NotFound, RuleViolation } from "../../http/errors.js";
import type { ChangeContext } from "../../policies/types.js";
import { recordAudit, recordAudits } from "../audit/service.js";
import { placeAvailable } from "../notifications/producers.js";
import type { Created } from "../notifications/service.js";
import type { PlacementDeps } from "./deps.js";
import { matchRequestOf, SEARCHING } from "./matching.js";
import * as repo from "./repository.js";
import { authorizeRequest, requestNotFound } from "./requests.js";

/** Events that can leave a location with more free places than before. */
const MAY_FREE = new Set<CapacityEvent["kind"]>([
  "locatie-aangemaakt",
  "locatie-heropend",
  "capaciteit-gewijzigd",
  // Declared attributes may now admit a youth they excluded (age range, gender, contra-indications).
  "kenmerken-gewijzigd",
  "vrije-plekken-gewijzigd",
  "plek-vrijgekomen",
  "reservering-vervallen",
]);

export async function setWatch(
  deps: PlacementDeps,
  id: number,
  watching: boolean,
  ctx: ChangeContext,
): Promise<WatchState> {
  const request = await repo.findRequest(deps.db, id);
  if (!request) throw new NotFound(requestNotFound(id));
  authorizeRequest(ctx, "requests.match", request);
  // The policy admits regisseurs only, who are always accounts; a token never gets here.
  if (ctx.actor.kind !== "user") throw new RuleViolation("Alleen een account kan een verzoek volgen.");
  const userId = ctx.actor.id;
  if (watching && !SEARCHING.has(request.status)) {
    throw new RuleViolation(`Volgen kan alleen zolang er gezocht wordt; het verzoek is nu '${request.status}'.`);
  }
  await deps.db.transaction(async (tx) => {
    if (watching) await tx.insert(requestWatches).values({ requestId: id, userId }).onConflictDoNothing();
    else
      await tx.delete(requestWatches).where(and(eq(requestWatches.requestId, id), eq(requestWatches.userId, userId)));
    await recordAudit(tx, {
      actor: ctx.actor,
      action: watching ? "verzoek.gevolgd" : "verzoek.ontvolgd",
      outcome: "succes",
      ip: ctx.ip,
      requestKey: ctx.requestKey,
      objectType: "plaatsingsverzoek",
      objectId: id,
      onBehalfOf: request.caseNumber,
    });
  });
  return { requestId: id, watching };
}

/**
 * After a committed change: which watchers now have a fitting place that did not fit before? Only a change that
 * turns "not enough free places" into "enough" counts, so lowering 3 free to 2 does not ring anyone's bell.
 */
export async function placesFreedFor(
  deps: PlacementDeps,
  event: CapacityEvent,
): Promise<{ userId: number; notice: PlaceAvailable }[]> {
  if (!MAY_FREE.has(event.kind) || event.free <= 0) return [];
  // Who watches first: usually nobody, and then this is the only read a freed place costs.
  const watched = await deps.db
    .select({ request: placementRequests, userId: requestWatches.userId })
    .from(requestWatches)
    .innerJoin(placementRequests, eq(placementRequests.id, requestWatches.requestId))
    .where(inArray(placementRequests.status, [...SEARCHING]));
  if (watched.length === 0) return [];
  const [before] = await deps.db
    .select({
      capacity: capacityEvents.prevCapacity,
      occupied: capacityEvents.prevOccupied,
      reserved: capacityEvents.prevReserved,
    })
    .from(capacityEvents)
    .where(eq(capacityEvents.seq, event.seq));
  const freeBefore = before?.capacity == null ? 0 : before.capacity - (before.occupied ?? 0) - (before.reserved ?? 0);
  if (event.free <= Math.max(0, freeBefore)) return [];
  const candidate = await repo.candidateAt(deps.db, event.locationId);
  if (!candidate) return [];
  const at = new Date().toISOString();

  const found: { userId: number; notice: PlaceAvailable }[] = [];
  for (const { request, userId } of watched) {
    const needed = request.siblings + 1;
    // It must fit now with the new count, and must not have fitted with the old one.
    if (event.free < needed || Math.max(0, freeBefore) >= needed) continue;
    const [match] = matchLocations(matchRequestOf(request), [candidate.location], candidate.departures).matches;
    // A place the rules forbid (JZ+ without machtiging) is no news to the watcher.
    if (!match || match.availableFrom !== null || match.notAllowed.length > 0) continue;
    found.push({
      userId,
      notice: {
        requestId: request.id,
        caseNumber: request.caseNumber,
        locationId: event.locationId,
        locationName: candidate.location.name,
        free: event.free,
        score: match.score,
        contraIndications: match.contraIndications,
        at,
      },
    });
  }
  await recordPlaceNotices(deps, found, `seq:${event.seq}`, "");
  return found;
}

/**
 * Puts "plek-vrij" in each watcher's inbox and logs the case number each notice shows (a read of the request, rule 5).
 * Written right after the capacity change committed, not inside its transaction: the capacity write path (every
 * provider's update, the API tokens' included) stays free of matching against watched requests. A crash between the
 * two commits loses this notice (the live push too); cause (the event's seq) is in the dedupe key, so a repeated
 * check writes nothing twice.
 */
export async function recordPlaceNotices(
  deps: PlacementDeps,
  found: readonly { userId: number; notice: PlaceAvailable }[],
  cause: string,
  detail: string,
): Promise<void> {
  if (found.length === 0) return;
  const created = await deps.db.transaction(async (tx) => {
    await recordAudits(
      tx,
      found.map(({ userId, notice }) => ({
        actor: { kind: "system" as const },
        action: "verzoek.plek-gemeld",
        outcome: "succes" as const,
        ip: "",
        objectType: "plaatsingsverzoek",
        objectId: notice.requestId,
        onBehalfOf: notice.caseNumber,
        detail: `gebruiker ${userId}, locatie ${notice.locationId}${detail}`,
      })),
    );
    const made: Created[] = [];
    for (const { userId, notice } of found) {
      made.push(...(await placeAvailable(tx, deps.notifications, userId, notice, cause)));
    }
    return made;
  });
  deps.notifyUsers(created);
}
