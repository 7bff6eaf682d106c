// Sessions this process has read, kept in memory so an authenticated request costs no read of its own (about a tenth
// of a provider's change: docs/benchmarks.md). The database stays the one store: every change to a session or an
// account, on any process or outside the application, reaches every process through NOTIFY (migration
// 0024_session_changes; on PostgreSQL milliseconds after its commit, on PGlite during it), and a process that is not
// sure to hear those (its listening connection is down) keeps nothing and reads every session from the database. A
// session or account ended on this process is forgotten here before that request answers
// (docs/access-and-privacy.md).
import type { SessionStore } from "./sessions.js";

/** The channel migration 0024_session_changes notifies on. */
export const SESSION_CHANGES = "session_changes";

/** An entry is read again after this long even when nothing was heard: a bound on any notification missed. */
const MAX_AGE_MS = 30_000;
const MAX_ENTRIES = 10_000;

type Found = NonNullable<Awaited<ReturnType<SessionStore["get"]>>>;

export interface SessionCache {
  store: SessionStore;
  /** What the database notified: `s:<session id>`, `u:<account id>` or `*` (the tables were emptied). */
  heard(payload: string): void;
  /** An account's sessions ended or changed on this process: forgotten before the change answers. */
  forgetAccount(userId: number): void;
  /** Every change is heard from now on: entries may be kept (none from before is trusted). */
  up(): void;
  /** Changes may be missed: nothing is kept, every read goes to the database. */
  down(): void;
}

export function cachedSessions(store: SessionStore, now: () => number = Date.now): SessionCache {
  const entries = new Map<string, { found: Found; at: number }>();
  let hearing = false;
  // Raised by every forgetting: a read begun before one is not kept (it may hold what was just forgotten).
  let generation = 0;
  const forgetAll = () => {
    entries.clear();
    generation++;
  };
  const forget = (id: string) => {
    entries.delete(id);
    generation++;
  };
  const forgetAccount = (userId: number) => {
    for (const [id, entry] of entries) if (entry.found.user.id === userId) entries.delete(id);
    generation++;
  };
  // A change made here is forgotten before and after it is written: a read in between is not kept either.
  const around = async <T>(change: () => Promise<T>, drop: () => void): Promise<T> => {
    drop();
    try {
      return await change();
    } finally {
      drop();
    }
  };

  const cached: SessionStore = {
    create: (session) => store.create(session),
    async get(id) {
      const entry = hearing ? entries.get(id) : undefined;
      if (entry && now() - entry.at < MAX_AGE_MS) return entry.found;
      const since = generation;
      const found = await store.get(id);
      if (found && hearing && since === generation) {
        entries.delete(id);
        if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
        entries.set(id, { found, at: now() });
      }
      return found;
    },
    touch: (id, lastSeenAt) =>
      around(
        () => store.touch(id, lastSeenAt),
        () => forget(id),
      ),
    destroy: (id) =>
      around(
        () => store.destroy(id),
        () => forget(id),
      ),
    endOthers: (userId, keep) =>
      around(
        () => store.endOthers(userId, keep),
        () => forgetAccount(userId),
      ),
    live: (ids, idleMinutes) => store.live(ids, idleMinutes),
  };

  return {
    store: cached,
    forgetAccount,
    heard(payload) {
      if (payload.startsWith("s:")) forget(payload.slice(2));
      else if (payload.startsWith("u:")) forgetAccount(Number(payload.slice(2)));
      else forgetAll();
    },
    up() {
      forgetAll();
      hearing = true;
    },
    down() {
      hearing = false;
      forgetAll();
    },
  };
}
