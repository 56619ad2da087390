import type { Store } from '@quickpay/db';
import type { RateLimitRule } from '../config.ts';
import { fail } from '../errors.ts';

/**
 * Fixed-window counters kept in the store, so every server instance shares them.
 * `hit` counts and refuses once over the limit. Password checks have their own
 * limits in password-checks.ts.
 */
export interface RateLimiter {
  hit(key: string, rule: RateLimitRule): Promise<void>;
}

const refuse = (): never => fail('RATE_LIMITED', 'Too many requests, try again later');

export function storeRateLimiter(store: Store): RateLimiter {
  return {
    async hit(key, rule) {
      if ((await store.hitRateLimit(key, rule.windowMs)) > rule.limit) refuse();
    },
  };
}
