// Login throttling per account and per IP (rate-limiter-flexible), shared by all processes through Redis when it is there.
import type { Redis } from "ioredis";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

export interface LoginThrottle {
  /** Seconds to wait when this account or IP is blocked; 0 when an attempt may go ahead. */
  blockedFor(email: string, ip: string): Promise<number>;
  failed(email: string, ip: string): Promise<void>;
  succeeded(email: string): Promise<void>;
}

export interface ThrottleOptions {
  redis?: Redis;
  /** Failed attempts per account within the window before it is blocked until the window ends. */
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
  const perAccount = make("login-account", options.maxFailuresPerAccount);
  const perIp = make("login-ip", options.maxFailuresPerIp);

  const wait = async (limiter: RateLimiterAbstract, key: string, points: number) => {
    const state = await limiter.get(key);
    return state && state.consumedPoints >= points ? state.msBeforeNext / 1000 : 0;
  };
  // consume() rejects with a RateLimiterRes when the points run out: that is the expected "now blocked", not an error.
  const consume = (limiter: RateLimiterAbstract, key: string) =>
    limiter.consume(key).catch((e: unknown) => {
      if (!(e instanceof RateLimiterRes)) throw e;
    });

  return {
    async blockedFor(email, ip) {
      return Math.max(
        await wait(perAccount, email, options.maxFailuresPerAccount),
        await wait(perIp, ip, options.maxFailuresPerIp),
      );
    },
    async failed(email, ip) {
      await Promise.all([consume(perAccount, email), consume(perIp, ip)]);
    },
    async succeeded(email) {
      await perAccount.delete(email);
    },
  };
}
