// Server-side sessions in PostgreSQL/PGlite: the database is the one store and Redis only a broker, so a Redis outage
// signs nobody out. The cookie holds a random secret; the store keys sessions by its SHA-256, so a leaked store does
// not leak usable cookies.
import { createHash, randomBytes } from "node:crypto";
import { eq, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
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

export interface SessionStore {
  create(session: Session): Promise<void>;
  /** The session with its account, in one query: every authenticated request asks. */
  get(id: string): Promise<{ session: Session; user: SessionUser } | undefined>;
  touch(id: string, lastSeenAt: Date): Promise<void>;
  destroy(id: string): Promise<void>;
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
  };
}
