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
  /** Gives back a slot taken by `hit` (the attempt turned out not to count, e.g. a success). */
  refund(key: string, rule: RateLimitRule): Promise<void>;
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
    async refund(key, rule) {
      await store.hitRateLimit(key, rule.windowMs, -1);
    },
  };
}

const tails = new Map<string, Promise<void>>();

/**
 * Runs `fn` after every earlier call with the same key has finished, so a check made
 * before a slow password verification still sees the failures recorded by the calls
 * ahead of it (a batch of concurrent guesses cannot all pass one check). In-process
 * only: with N server instances the overshoot is at most N - 1 per window.
 */
export async function serialized<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const before = tails.get(key) ?? Promise.resolve();
  let release = (): void => {};
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = before.then(() => mine);
  tails.set(key, tail);
  await before;
  try {
    return await fn();
  } finally {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  }
}
