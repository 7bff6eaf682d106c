// Retention (AVG, domain.md "Running a region"): the daily job that pseudonymises closed requests and deletes aged
// audit entries, and what the beheerder reads about its runs.
import type { RetentionCounts, RetentionOverview, RetentionRun } from "../../../shared/schemas/retention.js";
import { retentionCountsSchema } from "../../../shared/schemas/retention.js";
import type { Db, Tx } from "../../db/client.js";
import type { JobRunRow } from "../../db/schema.js";
import { type DailyJob, type DailyOutcome, runDaily } from "../../jobs/daily.js";
import { recordAudit } from "../audit/service.js";
import * as repo from "./repository.js";

export interface RetentionSettings {
  /** RETENTION_MONTHS */
  retentionMonths: number;
  /** AUDIT_RETENTION_YEARS */
  auditRetentionYears: number;
  /** MESSAGE_RETENTION_DAYS */
  messageRetentionDays: number;
  /** DAILY_JOBS_CHECK_SECONDS, shown to the beheerder. */
  checkEverySeconds: number;
}

/**
 * One run: old audit entries go first (fewer left to blank), then the closed requests and their entries. A run that
 * changed something writes its own entry saying what, as counts: the job is the system's act, and accountable like
 * anyone's (NEN 7513).
 */
export async function applyRetention(tx: Tx, settings: RetentionSettings, now: Date): Promise<RetentionCounts> {
  const nowIso = now.toISOString();
  const auditEntriesDeleted = await repo.deleteAgedAuditEntries(tx, nowIso, settings.auditRetentionYears);
  const { requests, auditEntries } = await repo.pseudonymiseClosedRequests(tx, nowIso, settings.retentionMonths);
  const messageDays = settings.messageRetentionDays;
  const messagesDeleted = await repo.deleteAgedMessages(tx, nowIso, messageDays);
  const counts = {
    requestsPseudonymised: requests,
    auditEntriesBlanked: auditEntries,
    auditEntriesDeleted,
    messagesDeleted,
  };
  // A day with nothing to do is in job_runs alone: the audit log records acts, not an empty round.
  if (requests + auditEntriesDeleted + messagesDeleted === 0) return counts;
  await recordAudit(tx, {
    actor: { kind: "system" },
    action: "retentie.uitgevoerd",
    outcome: "succes",
    ip: "",
    detail:
      `${requests} verzoek(en) gepseudonimiseerd (gesloten > ${settings.retentionMonths} maanden), ` +
      `${auditEntries} auditregel(s) zonder zaaknummer, ` +
      `${auditEntriesDeleted} auditregel(s) ouder dan ${settings.auditRetentionYears} jaar verwijderd, ` +
      `${messagesDeleted} bericht(en) ouder dan ${messageDays} dagen verwijderd`,
  });
  return counts;
}

export function retentionJob(settings: RetentionSettings): DailyJob<RetentionCounts> {
  return { name: "retentie", run: (tx, now) => applyRetention(tx, settings, now) };
}

/** Today's retention run, unless it ran today already or runs elsewhere now: what the scheduler calls, and tests. */
export function runRetention(
  db: Db,
  settings: RetentionSettings,
  now = new Date(),
): Promise<DailyOutcome<RetentionCounts>> {
  return runDaily(db, retentionJob(settings), now);
}

function presentRun(row: JobRunRow): RetentionRun {
  const counts = retentionCountsSchema.safeParse(row.counts);
  return {
    id: row.id,
    day: row.day,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    outcome: row.outcome,
    counts: row.outcome === "voltooid" && counts.success ? counts.data : null,
    error: row.error,
  };
}

export async function retentionOverview(
  db: Db,
  settings: RetentionSettings,
  limit: number,
): Promise<RetentionOverview> {
  const runs = await repo.retentionRuns(db, limit);
  return {
    retentionMonths: settings.retentionMonths,
    auditRetentionYears: settings.auditRetentionYears,
    messageRetentionDays: settings.messageRetentionDays,
    checkEverySeconds: settings.checkEverySeconds,
    runs: runs.map(presentRun),
  };
}
