// Import and export of the region's list of providers and locations. An import reads the file, plans it against the
// current list (plan.ts) and, unless it is a dry run, applies it all or nothing in ONE transaction with the aanbod
// use cases, publishing their events after commit. A file with any bad row is refused whole (422).
import { amsterdamToday } from "../../../shared/calendar.js";
import { type ImportQuery, type ImportResult, XLSX_MEDIA_TYPE } from "../../../shared/schemas/aanbod-import.js";
import { HttpError, ValidationFailed } from "../../http/errors.js";
import type { ChangeContext } from "../../policies/types.js";
import { type AanbodDeps, applied, listProviders } from "../aanbod/service.js";
import { type AuditRecord, recordAudits } from "../audit/service.js";
import { applySteps } from "./apply.js";
import { toCsv, toXlsx } from "./export.js";
import { planImport } from "./plan.js";
import { readCsv, readXlsx, type Sheet, UnreadableFile } from "./read-file.js";
import { rowsOf } from "./rows.js";

export interface UploadedFile {
  body: Buffer;
  mediaType: typeof XLSX_MEDIA_TYPE | "text/csv";
}

/**
 * The whole file refused: problem+json (422) that also carries the import's answer (applied: false, every row with
 * its outcome and reasons), so the beheerder sees at once what to correct.
 */
export class ImportRefused extends HttpError {
  constructor(result: ImportResult) {
    const bad = result.counts.fout;
    const reasons = [
      ...result.fileErrors,
      ...(bad > 0 ? [`${bad} ${bad === 1 ? "regel heeft" : "regels hebben"} een fout`] : []),
      ...result.missing
        .filter((m) => m.outcome === "fout")
        .map((m) => `${m.code} (${m.providerName}) kan niet sluiten`),
    ];
    const errors = [
      ...result.fileErrors.map((message) => ({ field: "bestand", message })),
      ...result.rows.flatMap((r) => (r.errors ?? []).map((message) => ({ field: `regel ${r.line}`, message }))),
      ...result.missing.flatMap((m) => (m.errors ?? []).map((message) => ({ field: `locatie ${m.code}`, message }))),
    ];
    // Extension members of the problem (RFC 9457 §3.2): the same answer as a successful dry run.
    const extra = { ...result, errors };
    super(422, "Bestand geweigerd", `Er is niets ingelezen: ${reasons.join("; ")}.`, extra);
  }
}

async function read(file: UploadedFile): Promise<Sheet> {
  try {
    return file.mediaType === XLSX_MEDIA_TYPE ? await readXlsx(file.body) : readCsv(file.body);
  } catch (err) {
    if (err instanceof UnreadableFile) throw new ValidationFailed([{ field: "body", message: err.message }]);
    throw err;
  }
}

function importAudit(ctx: ChangeContext, result: ImportResult, file: UploadedFile, query: ImportQuery): AuditRecord {
  const c = result.counts;
  const what = result.dryRun ? "proefimport" : result.applied ? "ingelezen" : "geweigerd";
  return {
    actor: ctx.actor,
    action: result.dryRun ? "aanbod.proefimport" : "aanbod.geimporteerd",
    outcome: result.dryRun || result.applied ? "succes" : "mislukt",
    objectType: "aanbod",
    ip: ctx.ip,
    // Only an applied file commits under the call's Idempotency-Key (a retry then gets this answer, not a second run).
    ...(result.applied && ctx.requestKey ? { requestKey: ctx.requestKey } : {}),
    detail:
      `${what}: ${c.nieuw} nieuw, ${c.gewijzigd} gewijzigd, ${c.ongewijzigd} ongewijzigd, ${c.fout} fout, ` +
      `${c.sluiten} te sluiten (${file.mediaType === XLSX_MEDIA_TYPE ? "XLSX" : "CSV"}, ${file.body.length} bytes)`,
    data: { counts: c, closeMissing: query.closeMissing, unknownColumns: result.unknownColumns },
  };
}

export async function importAanbod(
  deps: AanbodDeps,
  file: UploadedFile,
  query: ImportQuery,
  ctx: ChangeContext,
): Promise<ImportResult> {
  const rows = rowsOf(await read(file));
  const options = { closeMissing: query.closeMissing, today: amsterdamToday() };

  if (query.dryRun) {
    const plan = planImport(rows, await listProviders(deps.db), options);
    const result: ImportResult = { applied: false, dryRun: true, ...plan.result };
    await recordAudits(deps.db, [importAudit(ctx, result, file, query)]);
    if (!plan.ok) throw new ImportRefused(result);
    return result;
  }

  // Planned again inside the transaction, on the list as it is now: the steps' own checks under their row locks
  // refuse (409) what changed in between, and roll the whole file back.
  const result = await applied(deps, async (tx) => {
    const current = await listProviders(tx);
    const plan = planImport(rows, current, options);
    const answer: ImportResult = { applied: plan.ok, dryRun: false, ...plan.result };
    if (!plan.ok) return { result: answer, events: [] };
    const providerIds = new Map(current.providers.map((p) => [p.agbCode, p.id]));
    const events = await applySteps(tx, plan.steps, providerIds, ctx);
    await recordAudits(tx, [importAudit(ctx, answer, file, query)]);
    return { result: answer, events };
  });
  if (!result.applied) {
    await recordAudits(deps.db, [importAudit(ctx, result, file, query)]);
    throw new ImportRefused(result);
  }
  return result;
}

export type ExportFormat = "csv" | "xlsx";

/** The list as a file; the export holds no youths' data, but providers' contact e-mail: for the beheerder only. */
export async function exportAanbod(deps: AanbodDeps, format: ExportFormat, ctx: ChangeContext) {
  const list = await listProviders(deps.db);
  const locations = list.providers.reduce((n, p) => n + p.locations.length, 0);
  await recordAudits(deps.db, [
    {
      actor: ctx.actor,
      action: "aanbod.geexporteerd",
      outcome: "succes",
      objectType: "aanbod",
      ip: ctx.ip,
      detail: `${format.toUpperCase()}: ${list.providers.length} aanbieders, ${locations} locaties`,
    },
  ]);
  return format === "csv" ? Buffer.from(toCsv(list), "utf8") : await toXlsx(list);
}
