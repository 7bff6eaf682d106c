// Placement request use cases: create, read (always logged), the ambulant-first record, and the status lifecycle.
import { missingBeforeSearch } from "../../../shared/rules/ambulant-first.js";
import { requestFlagIssues } from "../../../shared/rules/place-flags.js";
import type { AmbulantAlternative, CreateRequest, PlacementRequest } from "../../../shared/schemas/placements.js";
import type { Db, Tx } from "../../db/client.js";
import { ambulantAlternatives, type PlacementRequestRow, placementRequests } from "../../db/schema.js";
import { Conflict, Forbidden, HiddenFromCaller, NotFound, RuleViolation } from "../../http/errors.js";
import { type Action, can } from "../../policies/policy.js";
import type { ChangeContext } from "../../policies/types.js";
import { actorLabel } from "../../policies/types.js";
import { recordAudit, recordAudits } from "../audit/service.js";
import { lockPlanning } from "../forecast/planning.js";
import type { PlacementDeps } from "./deps.js";
import { presentRequest } from "./presenter.js";
import * as repo from "./repository.js";

/** The one answer for a request id that does not exist, and for one the caller may not see. */
export const requestNotFound = (id: number) => `Plaatsingsverzoek ${id} bestaat niet.`;

/**
 * Someone else's request answers as if it did not exist: a 403 would tell a verwijzer which ids (and so how many
 * requests) there are. The refusal is still audited as "geweigerd" (it is a Forbidden).
 */
export function authorizeRequest(
  ctx: ChangeContext,
  action: Action & `requests.${string}`,
  request: Pick<PlacementRequestRow, "id" | "createdBy">,
) {
  const allowed =
    action === "requests.match" ? can(ctx.actor, action) : can(ctx.actor, action as "requests.read", request);
  if (!allowed) {
    throw new HiddenFromCaller(action, requestNotFound(request.id), { type: "plaatsingsverzoek", id: request.id });
  }
}

/**
 * Every read of a request is logged with its id and case number (domain.md rule 5, NEN 7513), one entry per request
 * shown, whatever shows it: the request itself, a list, its reservations. `detail` says what of it was shown.
 */
export async function logRead(
  db: Db | Tx,
  ctx: ChangeContext,
  rows: readonly Pick<PlacementRequestRow, "id" | "caseNumber">[],
  action: string,
  detail?: (index: number) => string,
) {
  await recordAudits(
    db,
    rows.map((r, i) => ({
      actor: ctx.actor,
      action,
      outcome: "succes" as const,
      ip: ctx.ip,
      objectType: "plaatsingsverzoek",
      objectId: r.id,
      onBehalfOf: r.caseNumber,
      ...(detail ? { detail: detail(i) } : {}),
    })),
  );
}

async function load(deps: PlacementDeps, id: number, ctx: ChangeContext, action: Action & `requests.${string}`) {
  const row = await repo.findRequest(deps.db, id);
  if (!row) throw new NotFound(requestNotFound(id));
  authorizeRequest(ctx, action, row);
  return row;
}

/** The request as it is after a change committed; its open pages hear of the change. */
async function presentChanged(deps: PlacementDeps, id: number): Promise<PlacementRequest> {
  const row = await repo.findRequest(deps.db, id);
  if (!row) throw new NotFound(requestNotFound(id));
  deps.notifyRequest(row);
  return present(deps, row);
}

export async function present(deps: PlacementDeps, row: PlacementRequestRow): Promise<PlacementRequest> {
  const [b] = await repo.bundle(deps.db, [row]);
  if (!b) throw new NotFound(requestNotFound(row.id));
  return presentRequest(b, new Date());
}

export async function createRequest(
  deps: PlacementDeps,
  input: CreateRequest,
  ctx: ChangeContext,
): Promise<PlacementRequest> {
  if (ctx.actor.kind !== "user") throw new Forbidden("requests.create");
  refuseFlagMismatch({ ...input, flags: input.flags ?? [] });
  const createdBy = ctx.actor.id;
  const row = await deps.db.transaction(async (tx) => {
    const ambulantDueAt =
      input.urgency === "crisis" ? new Date(Date.now() + deps.config.crisisAmbulantDays * 86_400_000) : null;
    // Case numbers are the verwijzer's own dossier numbers, unique per maker: a duplicate says nothing about anyone
    // else's. The unique index decides, so two submits of one form at once make one request and one 409.
    const [created] = await tx
      .insert(placementRequests)
      .values({ ...input, createdBy, ambulantDueAt })
      .onConflictDoNothing({ target: [placementRequests.createdBy, placementRequests.caseNumber] })
      .returning();
    if (!created) throw new Conflict(`U heeft al een verzoek met dit dossiernummer (zaaknummer ${input.caseNumber}).`);
    await repo.recordTransition(tx, created.id, null, "concept", actorLabel(ctx.actor));
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "verzoek.aangemaakt",
      outcome: "succes",
      ip: ctx.ip,
      requestKey: ctx.requestKey,
      objectType: "plaatsingsverzoek",
      objectId: created.id,
      onBehalfOf: created.caseNumber,
    });
    return created;
  });
  deps.notifyRequest(row);
  return present(deps, row);
}

/**
 * The flags against the youth's age and the care types accepted (shared/rules/place-flags.ts): 422 naming the field to
 * put right; `sent`, on a correction, says which fields it changes.
 */
export function refuseFlagMismatch(r: Parameters<typeof requestFlagIssues>[0], sent?: readonly string[]) {
  const issues = requestFlagIssues(r, sent);
  if (issues.length === 0) return;
  const errors = issues.map((i) => ({ field: `body.${i.field}`, message: i.message }));
  throw new RuleViolation(`${errors.map((e) => `${e.field}: ${e.message}`).join("; ")}.`, errors);
}

export async function getRequest(deps: PlacementDeps, id: number, ctx: ChangeContext): Promise<PlacementRequest> {
  const row = await load(deps, id, ctx, "requests.read");
  await logRead(deps.db, ctx, [row], "verzoek.gelezen");
  return present(deps, row);
}

export async function listRequests(
  deps: PlacementDeps,
  finished: boolean,
  ctx: ChangeContext,
): Promise<PlacementRequest[]> {
  if (ctx.actor.kind !== "user") throw new Forbidden("requests.read");
  const rows = await repo.listRequests(deps.db, {
    createdBy: ctx.actor.role === "regisseur" ? undefined : ctx.actor.id,
    finished,
  });
  await logRead(deps.db, ctx, rows, "verzoek.gezocht");
  const now = new Date();
  return (await repo.bundle(deps.db, rows)).map((b) => presentRequest(b, now));
}

const OPEN_FOR_RECORDING = new Set(["concept", "ambulant-vastgelegd", "zoekend", "gereserveerd", "opgeschaald"]);

export async function addAmbulantAlternative(
  deps: PlacementDeps,
  id: number,
  input: AmbulantAlternative,
  ctx: ChangeContext,
): Promise<PlacementRequest> {
  const row = await load(deps, id, ctx, "requests.update");
  if (!OPEN_FOR_RECORDING.has(row.status))
    throw new Conflict(`Het verzoek is ${row.status}: er valt niets meer vast te leggen.`);
  await deps.db.transaction(async (tx) => {
    const locked = await repo.findRequest(tx, id, true);
    if (!locked) throw new NotFound(requestNotFound(id));
    await tx.insert(ambulantAlternatives).values({ requestId: id, ...input, recordedBy: actorLabel(ctx.actor) });
    // The record is part of the request: its version moves either way.
    if (locked.status === "concept") await repo.setStatus(tx, locked, "ambulant-vastgelegd", actorLabel(ctx.actor));
    else await repo.updateRequest(tx, locked, {});
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "verzoek.ambulant-vastgelegd",
      outcome: "succes",
      ip: ctx.ip,
      requestKey: ctx.requestKey,
      objectType: "plaatsingsverzoek",
      objectId: id,
      onBehalfOf: locked.caseNumber,
    });
  });
  return presentChanged(deps, id);
}

export async function setExplanatoryAnalysis(
  deps: PlacementDeps,
  id: number,
  input: { madeOn: string; madeBy: string },
  ctx: ChangeContext,
): Promise<PlacementRequest> {
  const row = await load(deps, id, ctx, "requests.update");
  if (!OPEN_FOR_RECORDING.has(row.status))
    throw new Conflict(`Het verzoek is ${row.status}: er valt niets meer vast te leggen.`);
  await deps.db.transaction(async (tx) => {
    await repo.updateRequest(tx, row, { explanatoryAnalysisOn: input.madeOn, explanatoryAnalysisBy: input.madeBy });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "verzoek.analyse-vastgelegd",
      outcome: "succes",
      ip: ctx.ip,
      requestKey: ctx.requestKey,
      objectType: "plaatsingsverzoek",
      objectId: id,
      onBehalfOf: row.caseNumber,
    });
  });
  return presentChanged(deps, id);
}

/** concept / ambulant-vastgelegd -> zoekend behind the gate; anything open -> ingetrokken (releasing a reservation). */
export async function transition(
  deps: PlacementDeps,
  id: number,
  to: "zoekend" | "ingetrokken",
  ctx: ChangeContext,
  releaseReservation: (tx: Tx, request: PlacementRequestRow) => Promise<void>,
): Promise<PlacementRequest> {
  await load(deps, id, ctx, "requests.update");
  await deps.db.transaction(async (tx) => {
    // Withdrawing may give back claimed departures: the planning lock before the request's (soon-free.ts).
    if (to === "ingetrokken") await lockPlanning(tx);
    const row = await repo.findRequest(tx, id, true);
    if (!row) throw new NotFound(requestNotFound(id));
    if (to === "zoekend") {
      if (!["concept", "ambulant-vastgelegd"].includes(row.status))
        throw new Conflict(`Het verzoek is al ${row.status}.`);
      const [b] = await repo.bundle(tx, [row]);
      const missing = missingBeforeSearch({
        urgency: row.urgency,
        complex: row.complex,
        ambulantAlternatives: b?.alternatives.length ?? 0,
        hasExplanatoryAnalysis: row.explanatoryAnalysisOn !== null,
      });
      if (missing.length > 0) throw new RuleViolation(missing.join(" "));
    } else {
      if (row.status === "geplaatst" || row.status === "ingetrokken")
        throw new Conflict(`Het verzoek is al ${row.status}.`);
      await releaseReservation(tx, row);
    }
    await repo.setStatus(tx, row, to, actorLabel(ctx.actor));
    await recordAudit(tx, {
      actor: ctx.actor,
      action: `verzoek.${to}`,
      outcome: "succes",
      ip: ctx.ip,
      requestKey: ctx.requestKey,
      objectType: "plaatsingsverzoek",
      objectId: id,
      onBehalfOf: row.caseNumber,
    });
  });
  return presentChanged(deps, id);
}
