// Guessing freshness links, throttled per IP like login (rate-limiter-flexible, shared through Redis when it is there).
import type { Redis } from "ioredis";
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "../../http/rate-limiter.js";

export interface LinkThrottle {
  /** Takes one attempt from the IP's allowance before the link is looked up; seconds to wait when it is used up. */
  attempt(ip: string): Promise<number>;
  /** The link exists: the attempt was no guess, the IP gets it back. */
  known(ip: string): Promise<void>;
}

export function createLinkThrottle(options: {
  redis?: Redis;
  keyPrefix?: string;
  maxFailuresPerIp: number;
  windowSeconds: number;
}): LinkThrottle {
  const keyPrefix = `${options.keyPrefix ?? ""}freshness-ip`;
  const points = options.maxFailuresPerIp;
  const duration = options.windowSeconds;
  const limiter: RateLimiterAbstract = options.redis
    ? new RateLimiterRedis({
        storeClient: options.redis,
        keyPrefix,
        points,
        duration,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
      })
    : new RateLimiterMemory({ keyPrefix, points, duration });
  return {
    attempt: (ip) =>
      limiter.consume(ip).then(
        () => 0,
        (e: unknown) => {
          if (!(e instanceof RateLimiterRes)) throw e;
          return Math.max(e.msBeforeNext, 1) / 1000;
        },
      ),
    known: async (ip) => {
      await limiter.reward(ip, 1);
    },
  };
}
