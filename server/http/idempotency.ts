// Idempotency-Key on state-changing calls: a client that lost an answer (a node died, the network broke) sends the
// same call again with the same key and gets the first answer back instead of a second effect. The claim is a row
// in the database. A change's audit entry records the key in the change's own transaction, and capacity events
// also under a unique constraint, so a retry after a claim lost with its process never applies a change twice.
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { and, eq, isNull, lt, sql } from "drizzle-orm";
import type { NextFunction, Request, Response } from "express";
import type { Db } from "../db/client.js";
import { idempotencyKeys } from "../db/schema.js";
import { changedUnderKey } from "../features/audit/service.js";
import { actorLabel } from "../policies/types.js";
import { contextOf, type RequestContext } from "./authenticate.js";
import { timedOut } from "./deadline.js";
import { Conflict, HttpError, RuleViolation, ValidationFailed } from "./errors.js";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,100}$/;
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** A claim older than this without an answer belongs to a process that died: a retry may take it over. */
const LEASE_MS = 30_000;
/** Answers are kept this long; older keys are swept now and then. */
const KEEP_MS = 24 * 3600_000;
/** Answers that depend on the moment rather than the request are not kept: the retry runs again. */
const NOT_KEPT = new Set([401, 403, 429]);

export class InProgress extends HttpError {
  constructor() {
    super(
      409,
      "Conflict",
      "Een verzoek met deze Idempotency-Key wordt nog verwerkt; probeer het zo opnieuw.",
      {},
      { "Retry-After": "1" },
    );
  }
}

/**
 * What makes two calls the same request: method, path with its query string (an import's dry run and its apply differ
 * only there), and the body. A JSON body is parsed by now; an uploaded file is read later by its own route, so it is
 * told apart by its type and length.
 */
function fingerprintOf(req: Request): string {
  const body = req.is("application/json")
    ? JSON.stringify(req.body ?? null)
    : `${req.get("content-type") ?? ""} ${req.get("content-length") ?? ""}`;
  return createHash("sha256").update(`${req.method} ${req.originalUrl}\n${body}`).digest("hex");
}

export function idempotency(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const key = req.get(IDEMPOTENCY_HEADER);
    if (key === undefined || !UNSAFE.has(req.method)) return next();
    if (!KEY_PATTERN.test(key)) {
      throw new ValidationFailed([
        { field: IDEMPOTENCY_HEADER, message: "1 tot 100 tekens uit A-Z, a-z, 0-9, _ . : -" },
      ]);
    }
    const ctx: RequestContext = contextOf(res);
    // Anonymous calls are refused by the route itself; nothing to remember for them.
    if (ctx.actor.kind === "anonymous") return next();
    const owner = actorLabel(ctx.actor);
    const fingerprint = fingerprintOf(req);
    const mine = and(eq(idempotencyKeys.owner, owner), eq(idempotencyKeys.key, key));

    const requestKey = `${owner}:${key}`;
    const claim = { key: idempotencyKeys.key, changed: changedUnderKey(requestKey) };
    let [claimed] = await db
      .insert(idempotencyKeys)
      .values({ owner, key, fingerprint })
      .onConflictDoNothing()
      .returning(claim);
    if (!claimed) {
      const [row] = await db.select().from(idempotencyKeys).where(mine);
      if (!row) throw new InProgress(); // released a moment ago by a failed first try: the retry will claim it
      if (row.fingerprint !== fingerprint) {
        throw new RuleViolation(`De Idempotency-Key '${key}' hoort bij een ander verzoek; gebruik een nieuwe sleutel.`);
      }
      if (row.status !== null) {
        res.set("Idempotent-Replayed", "true");
        res.status(row.status).type(row.contentType ?? "application/json");
        return void res.send(JSON.stringify(row.body));
      }
      // Take over a claim whose process died, judged by the database's clock; of two racing retries the row lock
      // lets one win, and the other hears "in progress".
      [claimed] = await db
        .update(idempotencyKeys)
        .set({ claimedAt: sql`now()` })
        .where(and(mine, isNull(idempotencyKeys.status), lt(idempotencyKeys.claimedAt, sql`now() - ${leaseSql}`)))
        .returning(claim);
      if (!claimed) throw new InProgress();
    } else if (Math.random() < 0.01) {
      await db.delete(idempotencyKeys).where(lt(idempotencyKeys.claimedAt, sql`now() - ${keepSql}`));
    }

    ctx.requestKey = requestKey;
    let settled = false;
    const settle = (status: number, body: unknown) => {
      if (settled) return;
      settled = true;
      const keep = status < 500 && !NOT_KEPT.has(status) && res.locals.secretAnswer !== true;
      const write = () =>
        keep
          ? db
              .update(idempotencyKeys)
              .set({ status, contentType: status >= 400 ? "application/problem+json" : "application/json", body })
              .where(mine)
          : db.delete(idempotencyKeys).where(mine);
      // Kept from the moment the answer exists, not when it reached the client: a caller who gave up retries
      // later. A connection cut with the answer's own (a terminated backend) gets a second and third try; after
      // that the claim runs out its lease.
      retry(write, SETTLE_TRIES).catch((err) => req.log?.warn({ err }, "idempotency key not settled"));
    };
    const json = res.json.bind(res);
    res.json = (value: unknown) => {
      // The request deadline's 503 (http/deadline.ts) says nothing about the outcome: the handler still runs and
      // settles the key with its real answer.
      if (!timedOut(res) || res.headersSent) settle(res.statusCode, value);
      return json(value);
    };
    // Answers without a JSON body (204).
    res.on("finish", () => {
      if (!timedOut(res)) settle(res.statusCode, null);
    });
    // A change made under this key may have committed with no answer kept: its process died before storing it (the
    // claim just taken over), or it answered 5xx after the commit (not kept). Every keyed change writes its audit
    // entry, with the key, in its own transaction, and the claim asked for it: then the refusal becomes the key's
    // answer and nothing runs twice.
    if (claimed.changed) {
      throw new Conflict("Deze wijziging is al verwerkt; er is niets opnieuw gedaan.");
    }
    next();
  };
}

/**
 * Marks an answer that shows a secret once (recovery codes, a new TOTP secret): it is not kept under its key, so the
 * database never holds it; a retry runs again and makes new ones.
 */
export function secretAnswer<T>(res: Response, answer: Promise<T>): Promise<T> {
  res.locals.secretAnswer = true;
  return answer;
}

const SETTLE_TRIES = 3;
const leaseSql = sql.raw(`interval '${LEASE_MS / 1000} seconds'`);
const keepSql = sql.raw(`interval '${KEEP_MS / 1000} seconds'`);

async function retry<T>(fn: () => PromiseLike<T>, tries: number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= tries) throw err;
      await sleep(500 * attempt);
    }
  }
}
