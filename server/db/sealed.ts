// Secrets the server must read back (an authenticator's TOTP secret, a webhook's signing secret) cannot be hashed
// like passwords and recovery codes. With SECRET_KEYS set they are sealed at rest (AES-256-GCM): a copy of the
// database or a backup holds no usable second factor and signs no webhook. The first key seals, every key opens, so a
// key is rotated by putting the new one first; at start, values sealed with an older key or not at all are sealed
// again with the first (resealAll). Without keys, values are stored as they are, as before.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { and, eq, isNotNull } from "drizzle-orm";
import type { Db } from "./client.js";
import { loginChallenges, users } from "./schema.js";
import { webhookEndpoints } from "./schema-webhooks.js";

/** Where a sealed value lives: part of what is authenticated, so a value copied into another column does not open. */
export type SealedColumn = "users.totp_secret" | "login_challenges.pending_secret" | "webhook_endpoints.secret";

export interface Sealer {
  /** Whether values are sealed (SECRET_KEYS set). */
  readonly sealing: boolean;
  seal(column: SealedColumn, plain: string): string;
  /** The plain value of what seal() wrote, or of a value stored before sealing began. */
  open(column: SealedColumn, stored: string): string;
  /** Whether a stored value is as seal() would write it now: sealed with the first key, or plain without keys. */
  isCurrent(stored: string): boolean;
}

const PREFIX = "sealed:v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;

const KEY_BYTES = 32;
/** A short public name of a key, so a value names the key that opens it (not the key, nor anything that finds it). */
const keyIdOf = (key: Buffer) => createHash("sha256").update("sealed-key-id\0").update(key).digest("hex").slice(0, 8);

/** An error about a stored secret never quotes it. */
export class SealedValueError extends Error {}

export function createSealer(keys: readonly Buffer[]): Sealer {
  for (const key of keys) if (key.length !== KEY_BYTES) throw new Error(`a sealing key has ${KEY_BYTES} bytes`);
  const byId = new Map(keys.map((key) => [keyIdOf(key), key]));
  const first = keys[0];
  const firstId = first ? keyIdOf(first) : undefined;
  return {
    sealing: first !== undefined,
    seal(column, plain) {
      if (!first || !firstId) return plain;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", first, iv).setAAD(Buffer.from(column));
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return `${PREFIX}${firstId}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
    },
    open(column, stored) {
      if (!stored.startsWith(PREFIX)) return stored;
      const [id, data] = stored.slice(PREFIX.length).split(":");
      const key = id ? byId.get(id) : undefined;
      if (!key || !data) {
        throw new SealedValueError(
          `${column}: sealed with key ${id ?? "?"}, which is not among SECRET_KEYS (${[...byId.keys()].join(", ") || "none set"})`,
        );
      }
      const bytes = Buffer.from(data, "base64url");
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES)).setAAD(Buffer.from(column));
        decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
          "utf8",
        );
      } catch {
        throw new SealedValueError(`${column}: a sealed value does not open with key ${id} (altered or moved)`);
      }
    },
    isCurrent(stored) {
      return firstId ? stored.startsWith(`${PREFIX}${firstId}:`) : !stored.startsWith(PREFIX);
    },
  };
}

/**
 * Seals every stored secret that is not as seal() would write it now (plain ones, or sealed with an older key). Each
 * value is replaced only if it is still the one read, so processes starting together do no harm. Returns how many.
 */
export async function resealAll(db: Db, sealer: Sealer): Promise<number> {
  // One column after another: a value that does not open stops the start before anything else is written.
  let done = await reseal(
    sealer,
    "users.totp_secret",
    await db.select({ id: users.id, v: users.totpSecret }).from(users).where(isNotNull(users.totpSecret)),
    (id, from, to) =>
      db
        .update(users)
        .set({ totpSecret: to })
        .where(and(eq(users.id, id), eq(users.totpSecret, from)))
        .returning({ id: users.id }),
  );
  done += await reseal(
    sealer,
    "login_challenges.pending_secret",
    await db
      .select({ id: loginChallenges.id, v: loginChallenges.pendingSecret })
      .from(loginChallenges)
      .where(isNotNull(loginChallenges.pendingSecret)),
    (id, from, to) =>
      db
        .update(loginChallenges)
        .set({ pendingSecret: to })
        .where(and(eq(loginChallenges.id, id), eq(loginChallenges.pendingSecret, from)))
        .returning({ id: loginChallenges.id }),
  );
  done += await reseal(
    sealer,
    "webhook_endpoints.secret",
    await db.select({ id: webhookEndpoints.id, v: webhookEndpoints.secret }).from(webhookEndpoints),
    (id, from, to) =>
      db
        .update(webhookEndpoints)
        .set({ secret: to })
        .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.secret, from)))
        .returning({ id: webhookEndpoints.id }),
  );
  return done;
}

/** One column's rows: each value not current is written sealed anew, if it is still the value read. */
async function reseal<Id>(
  sealer: Sealer,
  column: SealedColumn,
  rows: { id: Id; v: string | null }[],
  write: (id: Id, from: string, to: string) => Promise<unknown[]>,
): Promise<number> {
  let done = 0;
  for (const { id, v } of rows) {
    if (v === null || sealer.isCurrent(v)) continue;
    done += (await write(id, v, sealer.seal(column, sealer.open(column, v)))).length;
  }
  return done;
}
