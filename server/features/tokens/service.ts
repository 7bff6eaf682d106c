// Provider API tokens: shown once at creation, stored as a SHA-256 hash, scoped to one provider, revocable.
import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { ApiToken, CreatedToken } from "../../../shared/schemas/auth.js";
import { builtOnce, type Db } from "../../db/client.js";
import { type ApiTokenRow, apiTokens, providers } from "../../db/schema.js";
import { Forbidden, HiddenFromCaller, NotFound } from "../../http/errors.js";
import { can } from "../../policies/policy.js";
import type { Actor, ChangeContext } from "../../policies/types.js";
import { recordAudit } from "../audit/service.js";

const TOKEN_PREFIX = "bwt_";
const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

function present(t: ApiTokenRow): ApiToken {
  return {
    id: t.id,
    providerId: t.providerId,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

function authorize(actor: Actor, providerId: number) {
  if (!can(actor, "tokens.manage", { providerId })) {
    throw new Forbidden("tokens.manage", "U mag alleen tokens van uw eigen organisatie beheren.", {
      type: "aanbieder",
      id: providerId,
    });
  }
}

export async function listTokens(db: Db, providerId: number, actor: Actor): Promise<ApiToken[]> {
  authorize(actor, providerId);
  const rows = await db.select().from(apiTokens).where(eq(apiTokens.providerId, providerId)).orderBy(asc(apiTokens.id));
  return rows.map(present);
}

export async function createToken(
  db: Db,
  providerId: number,
  name: string,
  { actor, ip, requestKey }: ChangeContext,
): Promise<CreatedToken> {
  authorize(actor, providerId);
  const [provider] = await db.select({ id: providers.id }).from(providers).where(eq(providers.id, providerId));
  if (!provider) throw new NotFound(`Aanbieder ${providerId} bestaat niet.`);
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        providerId,
        name,
        prefix: token.slice(0, TOKEN_PREFIX.length + 6),
        tokenHash: hashOf(token),
        createdBy: actor.kind === "user" ? actor.id : null,
      })
      .returning();
    if (!row) throw new Error("token insert returned nothing");
    await recordAudit(tx, {
      actor,
      action: "token.aangemaakt",
      objectType: "api-token",
      objectId: row.id,
      outcome: "succes",
      ip,
      requestKey,
    });
    return { ...present(row), token };
  });
}

/** Ends the sockets opened with a token, on every node (server/realtime/io.ts). */
export type DisconnectToken = (tokenId: number) => void;

/** Revokes a token: its calls get 401 at once, and its open sockets are cut once the revocation has committed. */
export async function revokeToken(
  db: Db,
  id: number,
  { actor, ip, requestKey }: ChangeContext,
  disconnectToken: DisconnectToken,
): Promise<ApiToken> {
  const [existing] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
  if (!existing) throw new NotFound(`Token ${id} bestaat niet.`);
  // Another provider's token answers as if it did not exist: a 403 would confirm the id. Still audited as refused.
  if (!can(actor, "tokens.manage", { providerId: existing.providerId })) {
    throw new HiddenFromCaller("tokens.manage", `Token ${id} bestaat niet.`, { type: "api-token", id });
  }
  const revoked = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: existing.revokedAt ?? new Date() })
      .where(eq(apiTokens.id, id))
      .returning();
    if (!row) throw new NotFound(`Token ${id} bestaat niet.`);
    await recordAudit(tx, {
      actor,
      action: "token.ingetrokken",
      objectType: "api-token",
      objectId: id,
      outcome: "succes",
      ip,
      requestKey,
    });
    return present(row);
  });
  disconnectToken(id);
  return revoked;
}

// A planning system sends every change with its token: recording each use would make every one of its calls write
// (and wait for) the token's row. "Laatst gebruikt" is shown to the minute anyway.
const USE_RECORDED_EVERY_MS = 60_000;

const liveToken = builtOnce((db: Db) =>
  db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, sql.placeholder("hash")), isNull(apiTokens.revokedAt)))
    .prepare("live_api_token"),
);

/**
 * The provider system behind a token, or undefined when the token is unknown or revoked (read at every call, so a
 * revocation holds at once). Records when it was last used, to the minute.
 */
export async function resolveApiToken(db: Db, token: string): Promise<Actor | undefined> {
  const [row] = await liveToken(db).execute({ hash: hashOf(token) });
  if (!row) return undefined;
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() >= USE_RECORDED_EVERY_MS) {
    await db
      .update(apiTokens)
      .set({ lastUsedAt: new Date(now) })
      .where(eq(apiTokens.id, row.id));
  }
  return { kind: "token", id: row.id, name: row.name, role: "aanbieder", providerId: row.providerId };
}

/** Which of these tokens are not revoked: one query for all the tokens behind a node's open sockets. */
export async function liveTokenIds(db: Db, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: apiTokens.id })
    .from(apiTokens)
    .where(and(sql`${apiTokens.id} = any(${sql.param(ids)}::int[])`, isNull(apiTokens.revokedAt)));
  return rows.map((r) => r.id);
}
