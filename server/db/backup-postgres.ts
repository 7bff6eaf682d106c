// Backup and restore on PostgreSQL: pg_dump's custom format, restored by pg_restore through psql in one transaction.
import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import postgres from "postgres";
import {
  BackupRefused,
  type BackupReport,
  backupFileKind,
  type DatabaseFacts,
  databaseFacts,
  holdsData,
  type RunQuery,
  refuseOverData,
  writeThenRename,
} from "./backup.js";

export interface PostgresBackupReport extends BackupReport {
  /** The pg_dump that wrote it: its version line. */
  tool: string;
}

export interface PostgresRestoreReport {
  before: DatabaseFacts;
  after: DatabaseFacts;
}

/** The database's address for messages: host, port and name, never the user or password. */
export function describePostgres(url: string): string {
  const u = new URL(url);
  return `PostgreSQL ${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
}

export async function backupPostgres(url: string, file: string): Promise<PostgresBackupReport> {
  const { facts, major } = await withClient(url, async (query) => ({
    facts: await databaseFacts(query),
    major: await serverMajor(query),
  }));
  const tool = await matchingTool("pg_dump", major);
  await writeThenRename(file, async (partial) => {
    await run("pg_dump", ["--format=custom", "--file", partial, "--dbname", withoutPassword(url)], url);
  });
  return { file, bytes: statSync(file).size, facts, tool };
}

export async function restorePostgres(
  url: string,
  file: string,
  options: { force: boolean },
): Promise<PostgresRestoreReport> {
  const kind = backupFileKind(file);
  if (kind === "pglite") {
    throw new BackupRefused(
      `${file} is een backup van de ingebouwde database (PGlite). Zet hem terug zonder DATABASE_URL, met PGLITE_DIR.`,
    );
  }
  if (kind !== "pg_dump") throw new BackupRefused(`${file} is geen backup van pg_dump (custom format).`);
  const { before, major } = await withClient(url, async (query) => ({
    before: await databaseFacts(query),
    major: await serverMajor(query),
  }));
  if (holdsData(before) && !options.force) refuseOverData(describePostgres(url), before);
  await matchingTool("pg_restore", major);
  await matchingTool("psql", major);
  // A damaged file is found before anything is dropped.
  await run("pg_restore", ["--list", file]);
  await restoreInOneTransaction(url, file, major);
  const after = await withClient(url, databaseFacts);
  return { before, after };
}

/**
 * The schemas the dump holds are dropped and the dump replayed in one transaction: a restore that fails leaves the
 * database as it was. pg_restore --single-transaction cannot drop what is there first, so its SQL goes through psql.
 */
async function restoreInOneTransaction(url: string, file: string, major: number): Promise<void> {
  const prelude = [
    // A server still connected holds locks on the tables; fail with a message instead of waiting for it.
    "SET lock_timeout = '10s';",
    "DROP SCHEMA IF EXISTS drizzle CASCADE;",
    "DROP SCHEMA IF EXISTS public CASCADE;",
    "CREATE SCHEMA public;",
    // PostgreSQL 15's defaults for a new database's public schema (pg_dump leaves them out).
    ...(major >= 15
      ? ["ALTER SCHEMA public OWNER TO pg_database_owner;", "GRANT USAGE ON SCHEMA public TO PUBLIC;"]
      : []),
  ].join("\n");
  const env = envFor(url);
  const psql = spawn(
    "psql",
    ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-d", withoutPassword(url)],
    {
      env,
      stdio: ["pipe", "ignore", "pipe"],
    },
  );
  const restore = spawn("pg_restore", ["--no-owner", "--no-privileges", "--file", "-", file], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const psqlDone = finished(psql, "psql");
  psql.stdin.on("error", () => {}); // psql that stopped early: its own exit code and message say why
  psql.stdin.write(`${prelude}\n`);
  // psql commits when its input ends: only a pg_restore that finished may end it. One that failed halfway ends psql
  // instead, and the transaction (the drops included) is rolled back with its connection.
  restore.stdout.pipe(psql.stdin, { end: false });
  try {
    await finished(restore, "pg_restore");
  } catch (err) {
    psql.kill();
    await psqlDone.catch(() => {});
    throw err;
  }
  psql.stdin.end();
  await psqlDone;
}

async function withClient<T>(url: string, fn: (query: RunQuery) => Promise<T>): Promise<T> {
  const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    return await fn((text) => client.unsafe(text) as Promise<Record<string, unknown>[]>);
  } finally {
    await client.end({ timeout: 5 });
  }
}

async function serverMajor(query: RunQuery): Promise<number> {
  const [row] = await query("SELECT current_setting('server_version_num')::int AS n");
  return Math.floor(Number(row?.n) / 10000);
}

/**
 * The client tool, refused unless its major version is the server's: an older pg_dump cannot read a newer server, and
 * a newer one writes settings an older server does not know. Returns its version line.
 */
async function matchingTool(tool: string, serverMajorVersion: number): Promise<string> {
  const install = `installeer de PostgreSQL-clienttools van versie ${serverMajorVersion} (Debian/Ubuntu: apt-get install postgresql-client-${serverMajorVersion})`;
  let line: string;
  try {
    line = (await run(tool, ["--version"])).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT")
      throw new BackupRefused(`${tool} is niet gevonden: ${install}.`);
    throw err;
  }
  const major = Number(/\s(\d+)(?:\.\d+)?/.exec(line)?.[1]);
  if (major !== serverMajorVersion) {
    throw new BackupRefused(
      `${line} hoort niet bij de server (PostgreSQL ${serverMajorVersion}): ${install}, of zet PATH naar die versie.`,
    );
  }
  return line;
}

/** Runs a tool to its end and answers its stdout; a non-zero exit rejects with its stderr. */
function run(tool: string, args: string[], url?: string): Promise<string> {
  const child = spawn(tool, args, { env: url ? envFor(url) : process.env, stdio: ["ignore", "pipe", "pipe"] });
  const out: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
  return finished(child, tool).then(() => Buffer.concat(out).toString("utf8"));
}

function finished(child: ReturnType<typeof spawn>, tool: string): Promise<void> {
  const err: Buffer[] = [];
  child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => {
      if (code === 0) return resolve();
      const message = Buffer.concat(err).toString("utf8").trim();
      reject(new Error(`${tool} stopte met ${signal ?? `code ${code}`}${message ? `:\n${message}` : ""}`));
    });
  });
}

// The password travels in the child's environment, not on its command line where `ps` shows it to every user.
function withoutPassword(url: string): string {
  const u = new URL(url);
  u.password = "";
  return u.toString();
}

function envFor(url: string): NodeJS.ProcessEnv {
  const password = decodeURIComponent(new URL(url).password);
  return { ...process.env, ...(password && { PGPASSWORD: password }) };
}
