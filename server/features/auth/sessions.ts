// Server-side sessions: in PostgreSQL/PGlite by default, in Redis when it is configured. The cookie holds a random
// secret; stores key sessions by its SHA-256, so a leaked store does not leak usable cookies.
import { createHash, randomBytes } from "node:crypto";
import { eq, lt } from "drizzle-orm";
import type { Redis } from "ioredis";
import type { Db } from "../../db/client.js";
import { sessions } from "../../db/schema.js";

export interface Session {
  id: string;
  userId: number;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** The absolute end, however active the user is. */
  expiresAt: Date;
}

export interface SessionStore {
  create(session: Session): Promise<void>;
  get(id: string): Promise<Session | undefined>;
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
  return {
    async create(s) {
      await db.insert(sessions).values(s);
      // Expired rows are of no use to anyone: sweep them now and then.
      if (Math.random() < 0.05) await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
    },
    async get(id) {
      const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
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

export function redisSessionStore(redis: Redis, idleSeconds: number): SessionStore {
  const key = (id: string) => `sessie:${id}`;
  const ttl = (s: Session, now: Date) =>
    Math.max(1, Math.min(idleSeconds, Math.ceil((s.expiresAt.getTime() - now.getTime()) / 1000)));
  const encode = (s: Session) => JSON.stringify(s);
  const decode = (raw: string): Session => {
    const s = JSON.parse(raw) as Record<string, string | number>;
    return {
      id: String(s.id),
      userId: Number(s.userId),
      csrfToken: String(s.csrfToken),
      createdAt: new Date(String(s.createdAt)),
      lastSeenAt: new Date(String(s.lastSeenAt)),
      expiresAt: new Date(String(s.expiresAt)),
    };
  };
  return {
    async create(s) {
      await redis.set(key(s.id), encode(s), "EX", ttl(s, s.createdAt));
    },
    async get(id) {
      const raw = await redis.get(key(id));
      return raw ? decode(raw) : undefined;
    },
    async touch(id, lastSeenAt) {
      const raw = await redis.get(key(id));
      if (!raw) return;
      const s = { ...decode(raw), lastSeenAt };
      await redis.set(key(id), encode(s), "EX", ttl(s, lastSeenAt));
    },
    async destroy(id) {
      await redis.del(key(id));
    },
  };
}
