// Readiness: may this process take traffic? It may when its database answers and, when configured, its Redis does.
// Each check has a short deadline, so a dead dependency makes the probe fail, never hang.
import { sql } from "drizzle-orm";
import type { RequestHandler } from "express";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Db } from "../db/client.js";

export const READINESS_TIMEOUT_MS = 1000;

export type CheckResult = "ok" | "niet ingesteld" | "fout" | "time-out";
export type Check = "database" | "redis";

export interface Readiness {
  status: "ok" | "niet gereed";
  checks: Record<Check, CheckResult>;
}

export interface ReadinessDeps {
  db: Db;
  /** Every Redis connection the process uses (broker and throttle store); absent when REDIS_URL is unset. */
  redis?: readonly Redis[];
  timeoutMs?: number;
  /** A check failed: count it, log it (with the probe's request logger, so the line names the request). */
  failed(check: Check, err: unknown, log: Logger): void;
}

class Timeout extends Error {}

export async function checkReadiness(deps: ReadinessDeps, log: Logger): Promise<Readiness> {
  const timeoutMs = deps.timeoutMs ?? READINESS_TIMEOUT_MS;
  const run = async (check: Check, probe: () => Promise<unknown>): Promise<CheckResult> => {
    try {
      await withTimeout(probe(), timeoutMs);
      return "ok";
    } catch (err) {
      deps.failed(check, err, log);
      return err instanceof Timeout ? "time-out" : "fout";
    }
  };
  const { redis } = deps;
  const [database, redisResult] = await Promise.all([
    run("database", async () => deps.db.execute(sql`select 1`)),
    redis
      ? run("redis", async () => {
          // A disconnected client would queue the PING until Redis returns; say so at once instead.
          const down = redis.find((client) => client.status !== "ready");
          if (down) throw new Error(`redis connection ${down.status}`);
          await Promise.all(redis.map((client) => client.ping()));
        })
      : Promise.resolve<CheckResult>("niet ingesteld"),
  ]);
  const checks = { database, redis: redisResult };
  const ok = Object.values(checks).every((r) => r === "ok" || r === "niet ingesteld");
  return { status: ok ? "ok" : "niet gereed", checks };
}

/** GET /readyz: 200 when ready, 503 naming the failed check. Public: it reveals only which dependency is down. */
export function readinessHandler(deps: ReadinessDeps): RequestHandler {
  return async (req, res) => {
    const readiness = await checkReadiness(deps, req.log);
    res
      .status(readiness.status === "ok" ? 200 : 503)
      .set("Cache-Control", "no-store")
      .json(readiness);
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Timeout(`no answer within ${ms} ms`)), ms);
  });
  // The losing probe may still settle later; its outcome no longer matters.
  promise.catch(() => {});
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
