// Server-side sessions in PostgreSQL/PGlite: the database is the one store and Redis only a broker, so a Redis outage
// signs nobody out. The cookie holds a random secret; the store keys sessions by its SHA-256, so a leaked store does
// not leak usable cookies.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lt, lte, ne, sql } from "drizzle-orm";
import type { Role } from "../../../shared/domain.js";
import type { Db, Tx } from "../../db/client.js";
import { sessions, type UserRow, users } from "../../db/schema.js";

export interface Session {
  id: string;
  userId: number;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** The absolute end, however active the user is. */
  expiresAt: Date;
}

/** What a request needs of the account behind a session. */
export type SessionUser = Pick<UserRow, "id" | "name" | "role" | "providerId" | "disabledAt">;

/** A session that still holds, with its account's role and provider as they are now. */
export interface LiveSession {
  id: string;
  role: Role;
  providerId: number | null;
}

export interface SessionStore {
  create(session: Session): Promise<void>;
  /** The session with its account, in one query: every authenticated request asks. */
  get(id: string): Promise<{ session: Session; user: SessionUser } | undefined>;
  touch(id: string, lastSeenAt: Date): Promise<void>;
  destroy(id: string): Promise<void>;
  /**
   * Ends the account's other sessions begun no later than `keep` (a newer one, from a login racing this one, stays):
   * the ids ended, so their sockets can be closed.
   */
  endOthers(userId: number, keep: Pick<Session, "id" | "createdAt">): Promise<string[]>;
  /**
   * The sessions among ids that still hold by the rules of a request (service.ts actorFromSession): not ended, not
   * past their end, not idle longer than idleMinutes, account not disabled. One query for any number of ids: a node
   * asks it for all its open sockets at once.
   */
  live(ids: readonly string[], idleMinutes: number): Promise<LiveSession[]>;
}

export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function sessionIdOf(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function pgSessionStore(db: Db): SessionStore {
  // Asked on every authenticated request: built once, not per call.
  const withAccount = db
    .select({
      session: sessions,
      user: {
        id: users.id,
        name: users.name,
        role: users.role,
        providerId: users.providerId,
        disabledAt: users.disabledAt,
      },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder("id")))
    .prepare("session_with_account");
  return {
    async create(s) {
      await db.insert(sessions).values(s);
      // Expired rows are of no use to anyone: sweep them now and then.
      if (Math.random() < 0.05) await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
    },
    async get(id) {
      const [row] = await withAccount.execute({ id });
      return row;
    },
    async touch(id, lastSeenAt) {
      await db.update(sessions).set({ lastSeenAt }).where(eq(sessions.id, id));
    },
    async destroy(id) {
      await db.delete(sessions).where(eq(sessions.id, id));
    },
    async endOthers(userId, keep) {
      const ended = await db
        .delete(sessions)
        .where(and(eq(sessions.userId, userId), ne(sessions.id, keep.id), lte(sessions.createdAt, keep.createdAt)))
        .returning({ id: sessions.id });
      return ended.map((s) => s.id);
    },
    async live(ids, idleMinutes) {
      if (ids.length === 0) return [];
      const now = Date.now();
      // One array parameter (= ANY), not one placeholder per id: ten thousand sockets make one short statement.
      return db
        .select({ id: sessions.id, role: users.role, providerId: users.providerId })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(
          and(
            sql`${sessions.id} = any(${sql.param(ids)}::text[])`,
            gt(sessions.expiresAt, new Date(now)),
            gt(sessions.lastSeenAt, new Date(now - idleMinutes * 60_000)),
            isNull(users.disabledAt),
          ),
        );
    },
  };
}

/** Ends every session of one account (its role changed, or it was disabled): it signs in again, or not at all. */
export async function endSessionsOf(db: Db | Tx, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}
