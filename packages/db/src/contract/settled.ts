import { expect } from 'vitest';
import { DomainError } from '../errors.ts';
import type { LedgerAccountId } from '../ids.ts';
import type { Store } from '../store.ts';
import { allHistory } from './helpers.ts';

/** Helpers for tests that fire many requests at once and inspect what settled. */

/** A small seeded generator, so a failure can be reproduced exactly. */
export function prng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

/** The domain codes of the rejected results (anything else fails the test). */
export function refusalCodes(results: PromiseSettledResult<unknown>[]): string[] {
  return results.flatMap((r) => {
    if (r.status === 'fulfilled') return [];
    expect(r.reason).toBeInstanceOf(DomainError);
    return [(r.reason as DomainError).code];
  });
}

export function pick<T>(list: T[], i: number): T {
  const v = list[i];
  if (v === undefined) throw new Error(`no element ${i}`);
  return v;
}

export const fulfilled = <T>(results: PromiseSettledResult<T>[]): T[] =>
  results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));

/** Replaying an account's history oldest-first reproduces every balanceAfter and the balance. */
export async function expectHistoryReplays(store: Store, account: LedgerAccountId): Promise<void> {
  const entries = (await allHistory(store, account)).reverse();
  let running = 0;
  for (const e of entries) {
    running += e.amount;
    expect(e.balanceAfter, `balanceAfter of ${e.transfer.id} on ${account}`).toBe(running);
  }
  expect(await store.getBalance(account)).toBe(running);
}
