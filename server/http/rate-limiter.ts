// rate-limiter-flexible's limiters, each required from its own file: the package's index requires every store it
// supports (MongoDB, DynamoDB, Prisma, etcd, cluster IPC, ...), about 0.8 MiB of heap that no process here uses.
import { createRequire } from "node:module";
import type * as flexible from "rate-limiter-flexible";

const load = createRequire(import.meta.url);

export type RateLimiterAbstract = flexible.RateLimiterAbstract;
export type RateLimiterRes = flexible.RateLimiterRes;
export const RateLimiterMemory = load(
  "rate-limiter-flexible/lib/RateLimiterMemory.js",
) as typeof flexible.RateLimiterMemory;
export const RateLimiterRedis = load(
  "rate-limiter-flexible/lib/RateLimiterRedis.js",
) as typeof flexible.RateLimiterRedis;
export const RateLimiterRes = load("rate-limiter-flexible/lib/RateLimiterRes.js") as typeof flexible.RateLimiterRes;
