// Login throttling per account and per IP (rate-limiter-flexible), shared by all processes through Redis when it is there.
import type { Redis } from "ioredis";
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "../../http/rate-limiter.js";

export interface LoginThrottle {
  /**
   * Takes one attempt from this account's and this IP's allowance before the password is checked, so parallel
   * attempts cannot all pass a check made before any of them is counted. Seconds to wait when either allowance is
   * used up; 0 when the attempt may go ahead.
   */
  attempt(email: string, ip: string): Promise<number>;
  /** A correct password: the account's count starts over and the IP gets its attempt back. */
  succeeded(email: string, ip: string): Promise<void>;
}

export interface ThrottleOptions {
  redis?: Redis;
  /** Put before the throttle's keys in Redis (REDIS_KEY_PREFIX). */
  keyPrefix?: string;
  /** What is counted, in the keys: "login" (default) or another use of the same kind of counter ("reset"). */
  name?: string;
  /** Attempts per account within the window (a success starts over) before it is blocked until the window ends. */
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  windowSeconds: number;
}

export function createLoginThrottle(options: ThrottleOptions): LoginThrottle {
  const make = (keyPrefix: string, points: number): RateLimiterAbstract =>
    options.redis
      ? new RateLimiterRedis({
          storeClient: options.redis,
          keyPrefix,
          points,
          duration: options.windowSeconds,
          // While Redis is away each process counts on its own rather than refusing or hanging every login.
          insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: options.windowSeconds }),
        })
      : new RateLimiterMemory({ keyPrefix, points, duration: options.windowSeconds });
  const prefix = options.keyPrefix ?? "";
  const name = options.name ?? "login";
  const perAccount = make(`${prefix}${name}-account`, options.maxFailuresPerAccount);
  const perIp = make(`${prefix}${name}-ip`, options.maxFailuresPerIp);

  // consume() is one atomic increment (in Redis and in memory) and rejects with a RateLimiterRes when the points run
  // out: that is the expected "blocked", not an error. Its msBeforeNext is the rest of the window.
  const take = (limiter: RateLimiterAbstract, key: string) =>
    limiter.consume(key).then(
      () => 0,
      (e: unknown) => {
        if (!(e instanceof RateLimiterRes)) throw e;
        return Math.max(e.msBeforeNext, 1) / 1000;
      },
    );

  return {
    async attempt(email, ip) {
      const waits = await Promise.all([take(perAccount, email), take(perIp, ip)]);
      return Math.max(...waits);
    },
    async succeeded(email, ip) {
      await Promise.all([perAccount.delete(email), perIp.reward(ip, 1)]);
    },
  };
}
