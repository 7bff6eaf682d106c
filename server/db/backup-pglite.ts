// Backup and restore of the embedded database: PGlite's own dump of its data folder (dumpDataDir / loadDataDir).
import { randomBytes } from "node:crypto";
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
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
import { claimPgliteFolder, holdsDatabase } from "./pglite-folder.js";

export interface PgliteRestoreReport {
  before: DatabaseFacts | undefined;
  after: DatabaseFacts;
  /** Where the database that was replaced now lies (kept, not deleted), when there was one with data. */
  previousMovedTo: string | undefined;
}

/**
 * The folder's files as one gzipped tar. PGlite is single-process and a server that runs holds the folder (its lock
 * file): copying the files of a live database would not give a consistent backup, so the server is stopped first.
 */
export async function backupPglite(folder: string, file: string): Promise<BackupReport> {
  if (!holdsDatabase(folder)) throw new BackupRefused(`In ${folder} staat geen PGlite-database.`);
  const release = claimPgliteFolder(folder);
  try {
    const pg = await PGlite.create(folder);
    try {
      const facts = await databaseFacts(queryOf(pg));
      const dump = await pg.dumpDataDir("gzip");
      const tar = Buffer.from(await dump.arrayBuffer());
      await writeThenRename(file, async (partial) => writeFileSync(partial, tar));
      return { file, bytes: statSync(file).size, facts };
    } finally {
      await pg.close();
    }
  } finally {
    release();
  }
}

/**
 * Unpacks the dump into a new folder beside the target, checks that it opens, and only then puts it in the target's
 * place. A database with data in the target is refused without force, and moved aside (not deleted) with it.
 */
export async function restorePglite(
  folder: string,
  file: string,
  options: { force: boolean },
): Promise<PgliteRestoreReport> {
  const kind = backupFileKind(file);
  if (kind === "pg_dump") {
    throw new BackupRefused(`${file} is een backup van PostgreSQL (pg_dump). Zet hem terug met DATABASE_URL.`);
  }
  if (kind !== "pglite") throw new BackupRefused(`${file} is geen backup van de ingebouwde database (PGlite).`);
  const release = claimPgliteFolder(folder);
  try {
    const before = holdsDatabase(folder) ? await withPglite(folder, databaseFacts) : undefined;
    if (before && holdsData(before) && !options.force) refuseOverData(`De PGlite-map ${folder}`, before);

    const unpacked = `${folder}.herstel-${randomBytes(4).toString("hex")}`;
    let after: DatabaseFacts;
    try {
      after = await withPglite(unpacked, databaseFacts, new Blob([readFileSync(file)]));
    } catch (err) {
      rmSync(unpacked, { recursive: true, force: true });
      throw err;
    }
    let previousMovedTo: string | undefined;
    if (before && holdsData(before)) {
      previousMovedTo = `${folder}.voor-herstel-${new Date().toISOString().replaceAll(/[:.]/g, "-")}`;
      renameSync(folder, previousMovedTo);
    } else {
      rmSync(folder, { recursive: true, force: true });
    }
    renameSync(unpacked, folder);
    return { before, after, previousMovedTo };
  } finally {
    release();
  }
}

async function withPglite<T>(folder: string, fn: (query: RunQuery) => Promise<T>, loadDataDir?: Blob): Promise<T> {
  const pg = await PGlite.create({ dataDir: folder, ...(loadDataDir && { loadDataDir }) });
  try {
    return await fn(queryOf(pg));
  } finally {
    await pg.close();
  }
}

const queryOf =
  (pg: PGlite): RunQuery =>
  async (text) =>
    (await pg.query<Record<string, unknown>>(text)).rows;
