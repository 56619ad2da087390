import { storeBusy } from '../errors.ts';

/**
 * The retry budget for transactions that lose a write conflict (or meet another
 * transient error: a failover mid-transaction). The driver's withTransaction retries at
 * once, with no backoff, for up to 120 s: losers of a race on one document spin against
 * each other, and a request hangs for two minutes. Here a loser waits a random time
 * (full jitter, so colliding writers spread out instead of colliding again in step),
 * doubling per attempt, and gives up after `attempts` tries or `budgetMs`, whichever
 * comes first, with STORE_BUSY (503 + Retry-After): nothing was written, and the
 * client's retry with the same idempotency key is safe.
 */
export interface RetryPolicy {
  /** Most runs of one transaction, the first included. */
  attempts: number;
  /** No new attempt starts after this long since the first. */
  budgetMs: number;
  /** The first retry waits up to this long; each later one up to twice the previous. */
  baseDelayMs: number;
  /** No single wait is longer than this. */
  maxDelayMs: number;
}

/**
 * A transfer's transaction takes ~2-5 ms on a healthy set; 8 attempts with waits of
 * up to 5, 10, 20 ... 250 ms ride out a burst of dozens of writers on one document and
 * end within ~1 s, well inside a client's patience and the 5 s lock wait (lock.ts).
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 8,
  budgetMs: 2_000,
  baseDelayMs: 5,
  maxDelayMs: 250,
};

/** The wait before retry number `retry` (1 = the first retry): full jitter, capped. */
export function backoffDelay(
  retry: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/** What a retry loop counts, per label (e.g. 'transfer', 'account-number'), for docs and logs. */
export interface ConflictStats {
  runs: number;
  conflicts: number;
  busy: number;
}

const stats = new Map<string, ConflictStats>();

/** This process's counts since start (or since resetConflictStats). */
export const conflictStats = (): Record<string, ConflictStats> =>
  Object.fromEntries([...stats].map(([k, v]) => [k, { ...v }]));
export const resetConflictStats = (): void => stats.clear();

export interface RetryHooks {
  /** True for an error worth another attempt (a transient transaction error). */
  transient: (e: unknown) => boolean;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, fails with a non-transient error (returned as is:
 * a DomainError, a timeout asBusy maps), or the budget is spent (STORE_BUSY, with the
 * last conflict as its cause).
 */
export async function withConflictRetry<T>(
  label: string,
  attempt: () => Promise<T>,
  hooks: RetryHooks,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<T> {
  const sleep = hooks.sleep ?? wait;
  const now = hooks.now ?? Date.now;
  const counts = stats.get(label) ?? { runs: 0, conflicts: 0, busy: 0 };
  stats.set(label, counts);
  const started = now();
  for (let run = 1; ; run++) {
    counts.runs += 1;
    try {
      return await attempt();
    } catch (e) {
      if (!hooks.transient(e)) throw e;
      counts.conflicts += 1;
      const delay = backoffDelay(run, policy, hooks.random);
      if (run >= policy.attempts || now() - started + delay > policy.budgetMs) {
        counts.busy += 1;
        const error = storeBusy(`${label}: ${run} attempts lost write conflicts`);
        error.cause = e;
        throw error;
      }
      await sleep(delay);
    }
  }
}
