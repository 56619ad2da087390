/**
 * In-process FIFO locks by key. Transactions that write the same document conflict,
 * and withTransaction retries the losers at once, with no backoff: hundreds of
 * transfers on one hot account would spin. Queuing them here first leaves the
 * database's conflict handling for writers in other processes only. Correctness
 * never depends on this lock; throughput under contention does.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `fn` holding every key; keys are taken in sorted order, so no deadlock. */
  async run<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    const releases: (() => void)[] = [];
    try {
      for (const key of [...new Set(keys)].sort()) releases.push(await this.acquire(key));
      return await fn();
    } finally {
      for (const release of releases.reverse()) release();
    }
  }

  /** How many keys have holders or waiters (for tests: the map must not leak). */
  get size(): number {
    return this.tails.size;
  }

  private async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release: () => void = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    return () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
