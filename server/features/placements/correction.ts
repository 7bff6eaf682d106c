// Correcting a placement request: a wrong age or code is put right with the version the caller last saw, audited with
// before and after, and the matches and watches follow at once (the next match reads the corrected row).
import { and, eq, ne } from "drizzle-orm";
import { amsterdamToday } from "../../../shared/calendar.js";
import { sameValue } from "../../../shared/rules/changed-fields.js";
import { matchLocations } from "../../../shared/rules/matching.js";
import {
  CORRECTABLE_FIELDS,
  type CorrectableField,
  type CorrectRequest,
  type PlacementRequest,
} from "../../../shared/schemas/placements.js";
import type { Tx } from "../../db/client.js";
import { isUniqueViolation } from "../../db/errors.js";
import { type PlacementRequestRow, placementRequests, requestWatches } from "../../db/schema.js";
import { Conflict, Forbidden, HttpError, NotFound, RuleViolation } from "../../http/errors.js";
import { BEFORE_SEARCH } from "../../policies/placements.js";
import { can } from "../../policies/policy.js";
import type { ChangeContext } from "../../policies/types.js";
import { recordAudits } from "../audit/service.js";
import type { PlacementDeps } from "./deps.js";
import { candidatesIn, matchRequestOf, SEARCHING } from "./matching.js";
import * as repo from "./repository.js";
import { authorizeRequest, logRead, present, refuseFlagMismatch, requestNotFound } from "./requests.js";
import { recordPlaceNotices } from "./watch.js";

type FieldError = { field: string; message: string };

/** A refusal that names the fields: still a Forbidden, so the error handler audits it as geweigerd. */
class FieldsForbidden extends Forbidden {
  override readonly extra: { errors: FieldError[] };
  constructor(id: number, errors: FieldError[]) {
    super("requests.correct", errors.map((e) => `${e.field}: ${e.message}`).join("; "), {
      type: "plaatsingsverzoek",
      id,
    });
    this.extra = { errors };
  }
}

/**
 * Who may change which field. The codes that matching reads (age, gender, places, care types, characteristics, ...)
 * may be corrected by whoever may correct the request at all. Not so:
 * - the case number: it is the verwijzer's own dossier number (unique per verwijzer), so only its maker corrects it,
 *   and only before the search: from then on reservations, notices and the audit log know the request by it;
 * - urgency and complex: they decide the ambulant-first gate (domain.md rules 1 and 2). Once the request is searching
 *   the gate has been passed on them; changing them afterwards would pass it on other grounds (a crisis turned
 *   regulier would also hide an overdue ambulant record).
 */
function refusedFields(ctx: ChangeContext, row: PlacementRequestRow, fields: readonly CorrectableField[]) {
  const beforeSearch = BEFORE_SEARCH.includes(row.status);
  const maker = ctx.actor.kind === "user" && ctx.actor.id === row.createdBy;
  const refused: FieldError[] = [];
  for (const field of fields) {
    if (field === "caseNumber" && !(maker && beforeSearch)) {
      refused.push({
        field: "body.caseNumber",
        message:
          "alleen de verwijzer die het verzoek maakte kan het dossiernummer corrigeren, zolang het een concept is",
      });
    } else if ((field === "urgency" || field === "complex") && !beforeSearch) {
      refused.push({
        field: `body.${field}`,
        message: "bepaalt de poort 'ambulant eerst' die het verzoek al is gepasseerd; niet meer te corrigeren",
      });
    }
  }
  return refused;
}

/** Closed requests are history (and the monitor's facts); an open reservation is being decided on these codes. */
function refuseWhenClosed(row: PlacementRequestRow) {
  if (row.status === "geplaatst" || row.status === "ingetrokken") {
    throw new RuleViolation(`Het verzoek is ${row.status}: het kan niet meer worden gecorrigeerd.`);
  }
  if (row.status === "gereserveerd") {
    throw new RuleViolation(
      "Er staat een reservering open: de aanbieder beslist op deze gegevens. Corrigeren kan na het antwoord of het vervallen ervan.",
    );
  }
}

/** The fields whose value the correction changes, with the values before and after. */
function changesOf(row: PlacementRequestRow, input: CorrectRequest) {
  const changes: { field: CorrectableField; before: unknown; after: unknown }[] = [];
  for (const field of CORRECTABLE_FIELDS) {
    const after = input[field];
    if (after === undefined || sameValue(row[field], after)) continue;
    changes.push({ field, before: row[field], after });
  }
  return changes;
}

/**
 * The case number is the youth's one identifier, and the postcodes are the identifying parts that retention removes
 * (domain.md rule 5 and "Personal data only as long as needed"). The audit log outlives the request, so for these it
 * records that they changed, never their values; the codes are recorded with their values before and after.
 */
const IDENTIFYING = new Set<CorrectableField>(["caseNumber", "homePostcode", "schoolPostcode"]);
const AUDIT_DETAIL_MAX = 500;

/** One detail holding every change; when that would not fit an audit entry, one detail per field. */
function auditDetails(changes: ReturnType<typeof changesOf>): string[] {
  const one = (c: (typeof changes)[number]) =>
    [c.field, IDENTIFYING.has(c.field) ? "gewijzigd" : { van: c.before, naar: c.after }] as const;
  const all = JSON.stringify(Object.fromEntries(changes.map(one)));
  if (all.length <= AUDIT_DETAIL_MAX) return [all];
  return changes.map((c) => JSON.stringify(Object.fromEntries([one(c)])));
}

/** The checks, in order: someone else's, closed, who may correct, which fields, which version. Returns the changes. */
function checkCorrection(ctx: ChangeContext, row: PlacementRequestRow, input: CorrectRequest) {
  // Someone else's request does not exist for the caller (#19): 404, audited as geweigerd.
  authorizeRequest(ctx, "requests.read", row);
  refuseWhenClosed(row);
  if (!can(ctx.actor, "requests.correct", row)) {
    throw new Forbidden(
      "requests.correct",
      `Het verzoek is ${row.status}: alleen de regisseur kan het nog corrigeren.`,
      {
        type: "plaatsingsverzoek",
        id: row.id,
      },
    );
  }
  const changes = changesOf(row, input);
  const refused = refusedFields(
    ctx,
    row,
    changes.map((c) => c.field),
  );
  if (refused.length > 0) throw new FieldsForbidden(row.id, refused);
  if (input.version !== row.version) {
    throw new Conflict(
      `Iemand anders heeft dit verzoek intussen gewijzigd (u stuurde versie ${input.version}, de huidige is versie ${row.version}); laad opnieuw.`,
    );
  }
  return changes;
}

export async function correctRequest(
  deps: PlacementDeps,
  id: number,
  input: CorrectRequest,
  ctx: ChangeContext,
): Promise<PlacementRequest> {
  const committed = await deps.db
    .transaction(async (tx) => {
      const row = await repo.findRequest(tx, id, true);
      if (!row) throw new NotFound(requestNotFound(id));
      const changes = checkCorrection(ctx, row, input);
      if (changes.length === 0) return { before: row, after: row, changed: false };
      // The request as corrected still asks only for flags that fit the youth (kamertraining from 16, ...).
      refuseFlagMismatch(
        {
          age: input.age ?? row.age,
          acceptableCareTypes: input.acceptableCareTypes ?? row.acceptableCareTypes,
          flags: input.flags ?? row.flags,
        },
        changes.map((c) => c.field),
      );
      if (input.caseNumber !== undefined && input.caseNumber !== row.caseNumber) {
        await refuseTakenCaseNumber(tx, row, input.caseNumber);
      }
      const set: Partial<PlacementRequestRow> = Object.fromEntries(changes.map((c) => [c.field, c.after]));
      // A crisis may be matched before its ambulant record, which is then owed within a set number of days (rule 1).
      if (input.urgency !== undefined && input.urgency !== row.urgency) {
        set.ambulantDueAt =
          input.urgency === "crisis" ? new Date(Date.now() + deps.config.crisisAmbulantDays * 86_400_000) : null;
      }
      const after = await repo.updateRequest(tx, row, set);
      await recordAudits(
        tx,
        auditDetails(changes).map((detail) => ({
          actor: ctx.actor,
          action: "verzoek.gecorrigeerd",
          outcome: "succes" as const,
          ip: ctx.ip,
          ...(ctx.requestKey ? { requestKey: ctx.requestKey } : {}),
          objectType: "plaatsingsverzoek",
          objectId: id,
          onBehalfOf: after.caseNumber,
          detail,
        })),
      );
      return { before: row, after, changed: true };
    })
    .catch((err: unknown) => {
      // Two corrections to one dossier number at once: the unique index decides, as on create.
      if (isUniqueViolation(err)) throw caseNumberTaken(input.caseNumber ?? "");
      throw err;
    });
  const { before, after, changed } = committed;
  if (!changed) {
    // Nothing to change: the answer still shows the request, and every read is logged (rule 5).
    await logRead(deps.db, ctx, [after], "verzoek.gelezen");
    return present(deps, after);
  }
  deps.notifyRequest(after);
  await tellWatchers(deps, before, after).catch(() => {
    // The correction stands; its watchers hear of a fitting place at the next change of any place instead.
  });
  return present(deps, after);
}

function caseNumberTaken(caseNumber: string) {
  const message = `U heeft al een verzoek met dit dossiernummer (zaaknummer ${caseNumber}).`;
  return new HttpError(409, "Conflict", message, { errors: [{ field: "body.caseNumber", message }] });
}

async function refuseTakenCaseNumber(tx: Tx, row: PlacementRequestRow, caseNumber: string) {
  const [taken] = await tx
    .select({ id: placementRequests.id })
    .from(placementRequests)
    .where(
      and(
        eq(placementRequests.createdBy, row.createdBy),
        eq(placementRequests.caseNumber, caseNumber),
        ne(placementRequests.id, row.id),
      ),
    );
  if (taken) throw caseNumberTaken(caseNumber);
}

/** The places that fit the request now, with room today: what a watcher is told of. */
async function fittingNow(deps: PlacementDeps, row: PlacementRequestRow) {
  const match = matchRequestOf(row);
  const snapshot = await deps.matchIndex.current();
  const { rows, departures } = candidatesIn(match, snapshot);
  const byId = new Map(rows.map((r) => [r.location.id, r]));
  const ranked = matchLocations(
    match,
    rows.map((r) => r.location),
    departures,
    rows.length,
    amsterdamToday(),
  ).matches;
  return ranked
    .filter((m) => m.availableFrom === null && m.notAllowed.length === 0)
    .map((m) => ({ match: m, row: byId.get(m.locationId) }));
}

/**
 * A watch follows the corrected codes: a place that fits the corrected request but did not fit the old one is news to
 * its watchers, told like a place that came free (the best such place, once per watcher).
 */
async function tellWatchers(deps: PlacementDeps, before: PlacementRequestRow, after: PlacementRequestRow) {
  if (!SEARCHING.has(after.status)) return;
  const watchers = await deps.db
    .select({ userId: requestWatches.userId })
    .from(requestWatches)
    .where(eq(requestWatches.requestId, after.id));
  if (watchers.length === 0) return;
  const [old, now] = await Promise.all([fittingNow(deps, before), fittingNow(deps, after)]);
  const fittedBefore = new Set(old.map((f) => f.match.locationId));
  const best = now.find((f) => !fittedBefore.has(f.match.locationId));
  if (!best?.row) return;
  const notice = {
    requestId: after.id,
    caseNumber: after.caseNumber,
    locationId: best.match.locationId,
    locationName: best.row.location.name,
    free: best.row.location.free,
    score: best.match.score,
    contraIndications: best.match.contraIndications,
    at: new Date().toISOString(),
  };
  // Logged (rule 5) and put in each watcher's inbox, once per corrected version.
  const found = watchers.map(({ userId }) => ({ userId, notice }));
  await recordPlaceNotices(deps, found, `correctie:${after.version}`, ", na correctie");
  for (const { userId } of watchers) deps.notifyWatcher(userId, notice);
}
