import type { Store } from '@quickpay/db';
import type { RateLimitRule } from '../config.ts';
import { fail } from '../errors.ts';

/**
 * Fixed-window counters kept in the store, so every server instance shares them.
 * `hit` counts and refuses once over the limit; `check` refuses without counting
 * (used before work whose failures alone are counted, e.g. log-ins).
 */
export interface RateLimiter {
  hit(key: string, rule: RateLimitRule): Promise<void>;
  check(key: string, rule: RateLimitRule): Promise<void>;
  /** Counts without refusing (a failure recorded after the answer is known). */
  record(key: string, rule: RateLimitRule): Promise<void>;
}

const refuse = (): never => fail('RATE_LIMITED', 'Too many requests, try again later');

export function storeRateLimiter(store: Store): RateLimiter {
  return {
    async hit(key, rule) {
      if ((await store.hitRateLimit(key, rule.windowMs)) > rule.limit) refuse();
    },
    async check(key, rule) {
      if ((await store.peekRateLimit(key, rule.windowMs)) >= rule.limit) refuse();
    },
    async record(key, rule) {
      await store.hitRateLimit(key, rule.windowMs);
    },
  };
}
