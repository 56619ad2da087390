import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import {
  backoffDelay,
  conflictStats,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  resetConflictStats,
  withConflictRetry,
} from './retry.ts';

class Conflict extends Error {}
const transient = (e: unknown) => e instanceof Conflict;

/** A fake clock: sleeping advances it, so budgets are checked without real time. */
function fakeTime() {
  let t = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
  };
}

describe('conflict retry: backoff', () => {
  it('full jitter under a doubling ceiling, capped at maxDelayMs', () => {
    const p = DEFAULT_RETRY_POLICY;
    const top = (retry: number) => backoffDelay(retry, p, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6, 7].map(top)).toEqual([4, 9, 19, 39, 79, 159, 249]);
    expect(top(30)).toBe(p.maxDelayMs - 1);
    expect(backoffDelay(3, p, () => 0)).toBe(0);
    expect(backoffDelay(3, p, () => 0.5)).toBe(10);
  });
});

describe('conflict retry: budget', () => {
  it('retries transient failures, sleeping between tries, and returns the success', async () => {
    const time = fakeTime();
    let runs = 0;
    const out = await withConflictRetry(
      'test-ok',
      async () => {
        runs += 1;
        if (runs < 3) throw new Conflict('write conflict');
        return 'done';
      },
      { transient, ...time, random: () => 0.5 },
    );
    expect(out).toBe('done');
    expect(runs).toBe(3);
    expect(time.slept).toEqual([2, 5]);
  });

  it('ends in STORE_BUSY after `attempts` runs, with the last conflict as the cause', async () => {
    resetConflictStats();
    const time = fakeTime();
    let runs = 0;
    const last = new Conflict('write conflict');
    const error = await withConflictRetry(
      'test-busy',
      async () => {
        runs += 1;
        throw last;
      },
      { transient, ...time, random: () => 0.5 },
    ).catch((e: unknown) => e);
    expect(isDomainError(error, 'STORE_BUSY')).toBe(true);
    expect((error as Error).cause).toBe(last);
    expect(runs).toBe(DEFAULT_RETRY_POLICY.attempts);
    expect(time.slept).toHaveLength(DEFAULT_RETRY_POLICY.attempts - 1);
    expect(conflictStats()['test-busy']).toEqual({ runs: 8, conflicts: 8, busy: 1 });
  });

  it('stops early when the next wait would pass the time budget', async () => {
    const policy: RetryPolicy = { attempts: 100, budgetMs: 50, baseDelayMs: 20, maxDelayMs: 20 };
    const time = fakeTime();
    let runs = 0;
    const error = await withConflictRetry(
      'test-budget',
      async () => {
        runs += 1;
        throw new Conflict('x');
      },
      { transient, ...time, random: () => 0.999 },
      policy,
    ).catch((e: unknown) => e);
    expect(isDomainError(error, 'STORE_BUSY')).toBe(true);
    expect(runs).toBe(3); // waits of 19 and 19; a third would end at 57 > 50
    expect(time.now()).toBeLessThanOrEqual(policy.budgetMs);
  });

  it('passes any other error through at once, unretried', async () => {
    const time = fakeTime();
    let runs = 0;
    const fault = new Error('a real fault');
    await expect(
      withConflictRetry(
        'test-fault',
        async () => {
          runs += 1;
          throw fault;
        },
        { transient, ...time },
      ),
    ).rejects.toBe(fault);
    expect(runs).toBe(1);
    expect(time.slept).toEqual([]);
  });
});
