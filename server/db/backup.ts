// What backup and restore share over both backends: the facts they report, the refusal, and which kind a file is.
import { closeSync, openSync, readSync, renameSync, rmSync } from "node:fs";

/** A raw query on either backend: postgres.js `unsafe`, or PGlite `query` (its rows). */
export type RunQuery = (text: string) => Promise<Record<string, unknown>[]>;

/** What a database holds, in numbers: printed by the scripts and compared by the round-trip tests. */
export interface DatabaseFacts {
  /** Rows per table of the app's schema (public), by table name. */
  rows: Record<string, number>;
  /** The event log's last sequence number (0 when there is no log yet). */
  lastSeq: number;
  /** PostgreSQL's version, e.g. "15.20". */
  serverVersion: string;
}

/** What a backup wrote, on either backend. */
export interface BackupReport {
  file: string;
  bytes: number;
  facts: DatabaseFacts;
}

/**
 * Writes the backup beside its target and renames it when complete: a dump that failed halfway never carries the
 * backup's name, and its partial file is removed.
 */
export async function writeThenRename(file: string, write: (partial: string) => Promise<void>): Promise<void> {
  const partial = `${file}.part`;
  try {
    await write(partial);
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
}

// Counters the migrations themselves fill in; a database with only these holds nothing of a region.
const BOOKKEEPING_TABLES = new Set(["event_sequence"]);

export async function databaseFacts(query: RunQuery): Promise<DatabaseFacts> {
  const [version] = await query("SELECT current_setting('server_version') AS v");
  const tables = await query(
    "SELECT table_name AS name FROM information_schema.tables " +
      "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  const rows: Record<string, number> = {};
  for (const { name } of tables) {
    const table = String(name);
    const [count] = await query(`SELECT count(*)::int AS n FROM public.${quoteIdent(table)}`);
    rows[table] = Number(count?.n ?? 0);
  }
  let lastSeq = 0;
  if ("event_sequence" in rows) {
    const [seq] = await query("SELECT last_seq::text AS s FROM public.event_sequence WHERE id = 1");
    lastSeq = Number(seq?.s ?? 0);
  }
  return { rows, lastSeq, serverVersion: String(version?.v ?? "?").split(" ")[0] ?? "?" };
}

/** A database with any row a region put there (not only the migrations' own counters). */
export const holdsData = (facts: DatabaseFacts) =>
  Object.entries(facts.rows).some(([table, n]) => n > 0 && !BOOKKEEPING_TABLES.has(table));

/** "312 locaties, 40 aanbieders, ...": the figures a beheerder recognises, for the scripts' output. */
export function describeFacts(facts: DatabaseFacts): string {
  const labelled: [string, string][] = [
    ["providers", "aanbieders"],
    ["locations", "locaties"],
    ["users", "accounts"],
    ["placement_requests", "plaatsingsverzoeken"],
    ["capacity_events", "gebeurtenissen"],
  ];
  const parts = labelled.filter(([table]) => table in facts.rows).map(([t, label]) => `${facts.rows[t]} ${label}`);
  parts.push(`laatste volgnummer ${facts.lastSeq}`);
  return parts.join(", ");
}

/** Refused on purpose (a non-empty database without --force, a folder in use, a file of the other backend). */
export class BackupRefused extends Error {
  override name = "BackupRefused";
}

export function refuseOverData(where: string, facts: DatabaseFacts): never {
  throw new BackupRefused(
    `${where} bevat al gegevens (${describeFacts(facts)}). Terugzetten vervangt alles; ` +
      "doe dat alleen bewust, met --force.",
  );
}

export type BackupFileKind = "pg_dump" | "pglite" | "unknown";

/** pg_dump's custom format starts with "PGDMP"; PGlite's dump is a tar, gzipped ("\x1f\x8b") or not ("ustar"). */
export function backupFileKind(file: string): BackupFileKind {
  const head = Buffer.alloc(262);
  const fd = openSync(file, "r");
  let read: number;
  try {
    read = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (read >= 5 && head.subarray(0, 5).toString("latin1") === "PGDMP") return "pg_dump";
  if (read >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "pglite";
  if (read >= 262 && head.subarray(257, 262).toString("latin1") === "ustar") return "pglite";
  return "unknown";
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
