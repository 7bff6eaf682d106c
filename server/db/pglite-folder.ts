// The embedded database's data folder: where it is, whether it holds a database, and one process at a time in it.
import { randomBytes } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join, resolve } from "node:path";

/** PGLITE_DIR's value for a database that lives in memory only (tests, a quick look): gone at exit. */
export const IN_MEMORY = "memory";

/** The folder's absolute path, or undefined for an in-memory database. */
export function pgliteFolder(pgliteDir: string | undefined): string | undefined {
  return pgliteDir === undefined || pgliteDir === IN_MEMORY ? undefined : resolve(pgliteDir);
}

/** A folder PGlite has initialised (PostgreSQL writes PG_VERSION first thing). */
export const holdsDatabase = (folder: string) => existsSync(join(folder, "PG_VERSION"));

/** Lock files this process holds: a second claim from inside the same process is refused as well. */
const claimedHere = new Set<string>();

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

export class PgliteFolderInUse extends Error {
  constructor(folder: string, owner: LockOwner | undefined, lockFile: string) {
    const who = owner ? `proces ${owner.pid} op ${owner.host} (sinds ${owner.since})` : "een ander proces";
    super(
      `De PGlite-map ${folder} is al in gebruik door ${who}. PGlite kan maar door één proces tegelijk geopend ` +
        "worden: stop dat proces eerst (draait de server nog?), of gebruik PostgreSQL (DATABASE_URL) voor meer " +
        `processen. Is dat proces zeker weg, verwijder dan ${lockFile}.`,
    );
    this.name = "PgliteFolderInUse";
  }
}

/**
 * Claims the folder for this process, creating it when missing, and returns the release. PGlite runs PostgreSQL in
 * single-user mode inside the process: a second process on the same files would not be refused by PGlite and would
 * corrupt them. The claim is a lock file beside the folder (PostgreSQL owns everything inside it); one left by a
 * process that died is taken over.
 */
export function claimPgliteFolder(folder: string): () => void {
  mkdirSync(folder, { recursive: true });
  const lockFile = `${folder}.lock`;
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  if (claimedHere.has(lockFile)) throw new PgliteFolderInUse(folder, readOwner(lockFile), lockFile);
  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(lockFile, me)) {
      claimedHere.add(lockFile);
      const release = () => {
        process.off("exit", release);
        claimedHere.delete(lockFile);
        // Only our own claim: never a lock another process took over after ours was judged stale.
        if (readOwner(lockFile)?.pid === me.pid) rmSync(lockFile, { force: true });
      };
      // A process that exits without closing the database (a crash, process.exit) still frees the folder.
      process.on("exit", release);
      return release;
    }
    const owner = readOwner(lockFile);
    if (owner && isAlive(owner)) throw new PgliteFolderInUse(folder, owner, lockFile);
    // Stale: its process is gone. Remove it and try once more; a process that claims it meanwhile wins.
    rmSync(lockFile, { force: true });
  }
  throw new PgliteFolderInUse(folder, readOwner(lockFile), lockFile);
}

/** Creates the lock file with its content at once (link of a written file), or false when it exists. */
function tryCreate(lockFile: string, owner: LockOwner): boolean {
  const draft = join(dirname(lockFile), `.${randomBytes(6).toString("hex")}.lock-draft`);
  writeFileSync(draft, JSON.stringify(owner));
  try {
    linkSync(draft, lockFile);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  } finally {
    unlinkSync(draft);
  }
}

function readOwner(lockFile: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(lockFile, "utf8")) as Partial<LockOwner>;
    if (typeof owner.pid !== "number" || typeof owner.host !== "string") return undefined;
    return { pid: owner.pid, host: owner.host, since: String(owner.since ?? "?") };
  } catch {
    return undefined;
  }
}

/**
 * Whether the claiming process still runs. A claim from another host cannot be checked from here and counts as alive;
 * one carrying our own pid that this process does not hold is a leftover (a container restarted with the same pid).
 */
function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
