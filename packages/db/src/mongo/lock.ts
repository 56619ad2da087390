import { storeBusy } from '../errors.ts';

/**
 * In-process FIFO locks by key. Transactions that write the same document conflict,
 * and withTransaction retries the losers at once, with no backoff: hundreds of
 * transfers on one hot account would spin. Queuing them here first leaves the
 * database's conflict handling for writers in other processes only. Correctness
 * never depends on this lock; throughput under contention does.
 *
 * Queues are bounded: a caller waits at most `maxWaitMs` for a key and a key queues at
 * most `maxWaiters` callers; past either the caller gets STORE_BUSY (a 503 with
 * Retry-After) instead of a request that hangs while memory grows.
 */
export interface LockLimits {
  /** Longest wait for one key before giving up (Infinity: no bound). */
  maxWaitMs: number;
  /** Most holders plus waiters one key may have; the next caller is refused at once. */
  maxWaiters: number;
}

/**
 * A transfer holds its keys for one transaction (a few ms, up to maxCommitTimeMS when
 * a majority is slow), so 5 s of waiting means the queue is not draining; 1,000 waiters
 * on one account is far beyond any person's traffic and bounds the memory per key.
 */
export const DEFAULT_LOCK_LIMITS: LockLimits = { maxWaitMs: 5_000, maxWaiters: 1_000 };

interface Queue {
  tail: Promise<void>;
  /** Holders and waiters not yet released (a caller that gave up counts until its turn). */
  length: number;
}

export class KeyedLock {
  private readonly queues = new Map<string, Queue>();
  private readonly limits: LockLimits;

  constructor(limits: Partial<LockLimits> = {}) {
    this.limits = { ...DEFAULT_LOCK_LIMITS, ...limits };
  }

  /** Runs `fn` holding every key, taken in `lockOrder` (one total order, so no deadlock). */
  async run<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    const releases: (() => void)[] = [];
    try {
      for (const key of lockOrder(keys)) releases.push(await this.acquire(key));
      return await fn();
    } finally {
      for (const release of releases.reverse()) release();
    }
  }

  /** How many keys have holders or waiters (for tests: the map must not leak). */
  get size(): number {
    return this.queues.size;
  }

  private async acquire(key: string): Promise<() => void> {
    const queue = this.queues.get(key) ?? { tail: Promise.resolve(), length: 0 };
    if (queue.length >= this.limits.maxWaiters) {
      throw storeBusy(`${queue.length} requests already queued on one account`);
    }
    let release: () => void = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = queue.tail;
    queue.tail = previous.then(() => mine);
    queue.length += 1;
    this.queues.set(key, queue);
    let released = false;
    const done = () => {
      if (released) return;
      released = true;
      release();
      queue.length -= 1;
      if (queue.length === 0 && this.queues.get(key) === queue) this.queues.delete(key);
    };
    if (await this.waitFor(previous)) return done;
    // Gave up: pass the turn on as soon as it comes, so later callers are not stuck.
    void previous.then(done);
    throw storeBusy(`waited ${this.limits.maxWaitMs} ms for one account`);
  }

  /** True when `previous` settles within maxWaitMs. */
  private async waitFor(previous: Promise<void>): Promise<boolean> {
    const { maxWaitMs } = this.limits;
    if (!Number.isFinite(maxWaitMs)) {
      await previous;
      return true;
    }
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), maxWaitMs);
    });
    try {
      return await Promise.race([previous.then(() => true as const), expired]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Customer keys first, system keys (`sys:*`) last, each group sorted: still a total
 * order, but a deposit waiting for a busy customer does not hold the shared cash key
 * meanwhile and stall every other deposit.
 */
export function lockOrder(keys: readonly string[]): string[] {
  const unique = [...new Set(keys)];
  const system = (k: string) => k.startsWith('sys:');
  return [...unique.filter((k) => !system(k)).sort(), ...unique.filter(system).sort()];
}
