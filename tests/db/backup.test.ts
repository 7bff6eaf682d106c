// Backup and restore round trips on both backends, through the scripts as an operator runs them (`npm run db:backup --
// <file>`, `npm run db:restore -- <file> [--force]`): the restored database is the one that was backed up, a
// database with data is only replaced on purpose, and a wrong or damaged file changes nothing.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { asc, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFacts } from "../../server/db/backup.js";
import { type Db, executeRows, openDatabase } from "../../server/db/client.js";
import { capacityEvents, locations, users } from "../../server/db/schema.js";
import { seedDemoAccounts } from "../../server/db/seed/accounts.js";
import { seedDemo } from "../../server/db/seed/seed.js";
import { addAccount } from "../support/auth.js";
import { createScratchDatabase, type TestDatabase } from "../support/database.js";
import { TEST_POSTGRES_URL } from "../support/services.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const now = new Date("2026-03-16T10:30:00Z");
const SEED_TIMEOUT_MS = 180_000;
const CLI_TIMEOUT_MS = 60_000;

const scratch = mkdtempSync(join(tmpdir(), "wijzer-backup-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The script as `npm run db:backup` / `db:restore` runs it, with the environment naming the database. */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/db/backup-cli.ts", ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: "", PGLITE_DIR: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk) => {
    out += String(chunk);
  });
  child.stderr.on("data", (chunk) => {
    err += String(chunk);
  });
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, out, err })));
}

/** What the round trip must keep: every table's row count, the log's last seq, and rows a user would recognise. */
async function snapshot(db: Db) {
  return {
    facts: await databaseFacts((text) => executeRows<Record<string, unknown>>(db, sql.raw(text))),
    locations: await db.select().from(locations).orderBy(asc(locations.id)),
    lastEvents: await db.select().from(capacityEvents).orderBy(desc(capacityEvents.seq)).limit(5),
    accounts: await db
      .select({ email: users.email, role: users.role, passwordHash: users.passwordHash })
      .from(users)
      .orderBy(asc(users.id)),
  };
}
type Snapshot = Awaited<ReturnType<typeof snapshot>>;

/** Makes the database differ from the backup in ways a count and a row both show. */
async function changeAfterBackup(db: Db) {
  const [first] = await db.select().from(locations).orderBy(asc(locations.id)).limit(1);
  await db.update(locations).set({ name: "Gewijzigd na de backup" }).where(eq(locations.id, first!.id));
  await addAccount(db, "regisseur");
}

async function seedRegion(db: Db) {
  await seedDemo(db, { now, seed: 7 });
  await seedDemoAccounts(db, "backup-demo-2026");
}

describe("PGlite: backup and restore of the data folder", () => {
  const source = join(scratch, "bron");
  const file = join(scratch, "pglite-backup.tgz");
  const env = { PGLITE_DIR: source };
  let original: Snapshot;

  const inFolder = async <T>(folder: string, fn: (db: Db) => Promise<T>) => {
    const database = await openDatabase({ pgliteDir: folder });
    try {
      return await fn(database.db);
    } finally {
      await database.close();
    }
  };

  beforeAll(async () => {
    original = await inFolder(source, async (db) => {
      await seedRegion(db);
      return snapshot(db);
    });
    expect(original.facts.lastSeq).toBeGreaterThan(0);
  }, SEED_TIMEOUT_MS);

  it(
    "when a server has the folder open, then the backup is refused, naming the folder, and no file is written",
    async () => {
      const result = await inFolder(source, () => cli(["backup", file], env));
      expect(result.code).toBe(1);
      expect(result.err).toContain(`De PGlite-map ${source} is al in gebruik door proces ${process.pid}`);
      expect(existsSync(file)).toBe(false);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    "when the folder is free, then the backup is written and says what it holds",
    async () => {
      const result = await cli(["backup", file], env);
      expect(result.err).toBe("");
      expect(result.code).toBe(0);
      expect(result.out).toContain(`geschreven naar ${file}`);
      expect(result.out).toContain(`${original.facts.rows.locations} locaties`);
      expect(result.out).toContain(`laatste volgnummer ${original.facts.lastSeq}`);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    "when it is restored into an empty folder, then that folder holds the same database",
    async () => {
      const target = join(scratch, "leeg");
      const result = await cli(["restore", file], { PGLITE_DIR: target });
      expect(result.code).toBe(0);
      expect(result.out).toContain(`laatste volgnummer ${original.facts.lastSeq}`);
      expect(await inFolder(target, snapshot)).toEqual(original);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    "when the folder has data and --force is not given, then the restore is refused and the data stays",
    async () => {
      const changed = await inFolder(source, async (db) => {
        await changeAfterBackup(db);
        return snapshot(db);
      });
      expect(changed).not.toEqual(original);
      const result = await cli(["restore", file], env);
      expect(result.code).toBe(1);
      expect(result.err).toContain(`De PGlite-map ${source} bevat al gegevens`);
      expect(result.err).toContain("--force");
      expect(await inFolder(source, snapshot)).toEqual(changed);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    "when --force is given, then the backup replaces the data and the replaced database is kept aside",
    async () => {
      const result = await cli(["restore", file, "--force"], env);
      expect(result.code).toBe(0);
      const aside = /De vorige database staat nu in (\S+)\./.exec(result.out)?.[1];
      expect(aside && existsSync(join(aside, "PG_VERSION"))).toBe(true);
      expect(await inFolder(source, snapshot)).toEqual(original);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    "when the file is a PostgreSQL backup, then it is refused and the folder stays as it was",
    async () => {
      const wrong = join(scratch, "postgres.dump");
      writeFileSync(wrong, "PGDMP\u0001\u000e\u0000 not really a dump");
      const result = await cli(["restore", wrong, "--force"], env);
      expect(result.code).toBe(1);
      expect(result.err).toContain("is een backup van PostgreSQL (pg_dump)");
      expect(await inFolder(source, snapshot)).toEqual(original);
    },
    CLI_TIMEOUT_MS,
  );
});

describe("PostgreSQL: pg_dump and pg_restore", () => {
  const file = join(scratch, "postgres-backup.dump");
  let source: TestDatabase;
  let target: TestDatabase;
  let original: Snapshot;

  /** On a connection of its own, opened after the restore: what a server started afterwards would read. */
  const read = async (database: TestDatabase) => {
    const fresh = await openDatabase({ databaseUrl: database.url! });
    try {
      return await snapshot(fresh.db);
    } finally {
      await fresh.close();
    }
  };

  beforeAll(async () => {
    [source, target] = await Promise.all([
      createScratchDatabase(TEST_POSTGRES_URL, "tw_backup"),
      createScratchDatabase(TEST_POSTGRES_URL, "tw_restore"),
    ]);
    await seedRegion(source.db);
    original = await read(source);
    expect(original.facts.lastSeq).toBeGreaterThan(0);
  }, SEED_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all([source?.close(), target?.close()]);
  });

  it(
    "when the backup runs, then pg_dump of the server's version writes the file and the script says what it holds",
    async () => {
      const result = await cli(["backup", file], { DATABASE_URL: source.url! });
      expect(result.err).toBe("");
      expect(result.code).toBe(0);
      expect(result.out).toContain(`geschreven naar ${file}`);
      expect(result.out).toMatch(/\(pg_dump \(PostgreSQL\) \d+/);
      expect(result.out).toContain(`laatste volgnummer ${original.facts.lastSeq}`);
      // The connection string may carry a password: the output names the database by host and name only.
      expect(result.out).not.toContain("postgres://");
    },
    CLI_TIMEOUT_MS,
  );

  it(
    "when it is restored into an empty database, then that database is the same",
    async () => {
      const result = await cli(["restore", file], { DATABASE_URL: target.url! });
      expect(result.code).toBe(0);
      expect(result.out).toContain(`laatste volgnummer ${original.facts.lastSeq}`);
      expect(await read(target)).toEqual(original);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    "when the database has data and --force is not given, then the restore is refused and the data stays",
    async () => {
      await changeAfterBackup(source.db);
      const changed = await read(source);
      expect(changed).not.toEqual(original);
      const result = await cli(["restore", file], { DATABASE_URL: source.url! });
      expect(result.code).toBe(1);
      expect(result.err).toContain("bevat al gegevens");
      expect(result.err).toContain("--force");
      expect(await read(source)).toEqual(changed);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    "when the file is damaged or a PGlite backup, then even with --force nothing is dropped",
    async () => {
      const changed = await read(source);
      const damaged = join(scratch, "damaged.dump");
      writeFileSync(damaged, "PGDMP\u0001\u000e\u0000 the rest of this dump was lost");
      const broken = await cli(["restore", damaged, "--force"], { DATABASE_URL: source.url! });
      expect(broken.code).toBe(1);
      expect(broken.err).toContain("pg_restore");
      const pglite = join(scratch, "pglite-like.tgz");
      writeFileSync(pglite, gzipSync("not a database"));
      const wrong = await cli(["restore", pglite, "--force"], { DATABASE_URL: source.url! });
      expect(wrong.code).toBe(1);
      expect(wrong.err).toContain("is een backup van de ingebouwde database (PGlite)");
      expect(await read(source)).toEqual(changed);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    "when --force is given, then the backup replaces the data in one go",
    async () => {
      const result = await cli(["restore", file, "--force"], { DATABASE_URL: source.url! });
      expect(result.err).toBe("");
      expect(result.code).toBe(0);
      expect(await read(source)).toEqual(original);
    },
    CLI_TIMEOUT_MS,
  );
});
