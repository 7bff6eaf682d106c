// Bulk availability: many of one provider's locations set in one call, each through the single update's own path
// (setAvailability: version check, rule, event, audit, freed places for waiting reservations, push after commit).
import {
  BULK_MAX_ITEMS,
  type BulkAvailabilityAnswer,
  type BulkAvailabilityItem,
  type BulkAvailabilityResult,
  type BulkRefusal,
} from "../../../shared/schemas/capacity-bulk.js";
import { Conflict, Forbidden, HttpError, NotFound, RuleViolation } from "../../http/errors.js";
import { can } from "../../policies/policy.js";
import type { ChangeContext } from "../../policies/types.js";
import { type AuditRecord, recordAudits } from "../audit/service.js";
import * as bulkRepo from "./bulk-repository.js";
import { presentLocation } from "./presenter.js";
import * as repo from "./repository.js";
import { type CapacityDeps, setAvailability } from "./service.js";

/**
 * Each item commits in its own transaction, one after the other in the request's order: a planning system gets an
 * independent result per location (one stale version never holds back the others), and the events of one call follow
 * each other in the log in the order sent. The whole answer is kept under the call's Idempotency-Key by the middleware.
 */
export async function setAvailabilities(
  deps: CapacityDeps,
  providerId: number,
  items: readonly BulkAvailabilityItem[],
  ctx: ChangeContext,
): Promise<BulkAvailabilityAnswer> {
  // Who may comes first: a caller who may not learns nothing more, not even what is wrong with the body.
  if (!can(ctx.actor, "availability.bulk", { providerId })) {
    throw new Forbidden("availability.bulk", "U mag alleen locaties van uw eigen organisatie wijzigen.", {
      type: "aanbieder",
      id: providerId,
    });
  }
  checkItems(items);
  if (!(await bulkRepo.providerExists(deps.db, providerId)))
    throw new NotFound(`Aanbieder ${providerId} bestaat niet.`);

  const ids = items.map((i) => i.locationId);
  const found = new Map((await repo.findLocationsByIds(deps.db, ids)).map((l) => [l.location.id, l]));
  const callKey = ctx.requestKey;
  const committed = callKey
    ? await bulkRepo.committedItemKeys(
        deps.db,
        ids.map((id) => itemKey(callKey, id)),
      )
    : new Set<string>();

  const results: BulkAvailabilityResult[] = [];
  const denied: AuditRecord[] = [];
  for (const item of items) {
    const { locationId } = item;
    const current = found.get(locationId);
    const key = callKey ? itemKey(callKey, locationId) : undefined;
    if (!current) {
      results.push(refused(locationId, "unknown-location", `Locatie ${locationId} bestaat niet.`));
    } else if (current.location.providerId !== providerId) {
      results.push(
        refused(locationId, "other-provider", `Locatie ${locationId} hoort niet bij aanbieder ${providerId}.`),
      );
      // A refusal is evidence, as for a single call (server/app.ts writes those).
      denied.push({
        actor: ctx.actor,
        action: "availability.bulk",
        outcome: "geweigerd",
        ip: ctx.ip,
        objectType: "locatie",
        objectId: locationId,
        detail: `bulk voor aanbieder ${providerId}`,
      });
    } else if (key && committed.has(key)) {
      // Committed under this key by an earlier try whose answer was lost (its process died): never applied twice.
      results.push({ locationId, status: "applied", location: presentLocation(current) });
    } else {
      results.push(await applyOne(deps, item, { ...ctx, requestKey: key }));
    }
  }
  await recordAudits(deps.db, denied);
  return { results, counts: countsOf(results) };
}

/**
 * The item's own key: capacity events hold their request key under a unique constraint (one change per key), so each
 * item of a keyed call commits under the call's key and its location. '#' cannot occur in a client's key, so an
 * item key never equals the key of a single call.
 */
const itemKey = (requestKey: string, locationId: number) => `${requestKey}#${locationId}`;

/** One item through the single update's path; its refusals become the item's result, other failures end the call. */
async function applyOne(
  deps: CapacityDeps,
  { locationId, version, free }: BulkAvailabilityItem,
  ctx: ChangeContext,
): Promise<BulkAvailabilityResult> {
  try {
    return { locationId, status: "applied", location: await setAvailability(deps, locationId, { version, free }, ctx) };
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    const current = err.extra.current;
    if (err instanceof Conflict && current) {
      // The single path refuses a closed location and a stale version alike with 409 and the current state.
      return current.closedOn !== null
        ? refused(locationId, "closed", err.message)
        : { locationId, status: "stale", detail: err.message, location: current };
    }
    if (err instanceof RuleViolation) return refused(locationId, "out-of-range", err.message);
    if (err instanceof NotFound) return refused(locationId, "unknown-location", err.message);
    throw err;
  }
}

function refused(locationId: number, reason: BulkRefusal, detail: string): BulkAvailabilityResult {
  return { locationId, status: "refused", reason, detail };
}

/** More than the maximum, or a location twice (which of its numbers would hold?): refused before anything is written. */
function checkItems(items: readonly BulkAvailabilityItem[]) {
  if (items.length > BULK_MAX_ITEMS) {
    throw new RuleViolation(`Hoogstens ${BULK_MAX_ITEMS} locaties per verzoek; dit zijn er ${items.length}.`, [
      { field: "body.items", message: `hoogstens ${BULK_MAX_ITEMS} locaties` },
    ]);
  }
  const first = new Map<number, number>();
  const errors = items.flatMap((item, index) => {
    const earlier = first.get(item.locationId);
    if (earlier === undefined) first.set(item.locationId, index);
    return earlier === undefined
      ? []
      : [
          {
            field: `body.items.${index}.locationId`,
            message: `locatie ${item.locationId} staat al op plaats ${earlier}`,
          },
        ];
  });
  if (errors.length > 0) throw new RuleViolation("Elke locatie mag maar één keer in een verzoek staan.", errors);
}

function countsOf(results: readonly BulkAvailabilityResult[]): BulkAvailabilityAnswer["counts"] {
  const counts = { applied: 0, stale: 0, refused: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}
