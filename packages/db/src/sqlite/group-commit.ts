import type Database from 'better-sqlite3';

interface Pending<I, O> {
  input: I;
  resolve: (value: O) => void;
  reject: (reason: unknown) => void;
}

type Outcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

/** Counters for tests and the bench: how requests were grouped into commits. */
export interface GroupCommitStats {
  /** Batches that reached COMMIT. */
  commits: number;
  /** Batches aborted as a whole (a database error; every request in it was rejected). */
  aborted: number;
  /** Requests settled by a committed batch (resolved or refused). */
  settled: number;
  largestBatch: number;
}

/** An error that means the database itself is in trouble, not that one request was refused. */
const isFatal = (e: unknown): boolean => {
  const code = e instanceof Error && 'code' in e ? e.code : undefined;
  return (
    typeof code === 'string' && code.startsWith('SQLITE_') && !code.startsWith('SQLITE_CONSTRAINT')
  );
};

/**
 * Group commit: requests arriving in the same tick are applied in ONE `BEGIN IMMEDIATE`
 * transaction, each inside its own savepoint (better-sqlite3 nests transaction functions
 * as savepoints), so one refused request rolls back alone. With synchronous=FULL the
 * whole batch costs one fsync, and no promise settles before COMMIT has returned.
 */
export class GroupCommit<I, O> {
  private queue: Pending<I, O>[] = [];
  private scheduled = false;
  private closed = false;
  private readonly batch: (items: Pending<I, O>[]) => Outcome<O>[];
  readonly stats: GroupCommitStats = { commits: 0, aborted: 0, settled: 0, largestBatch: 0 };

  constructor(
    private readonly db: Database.Database,
    apply: (input: I) => O,
    private readonly maxBatch = 256,
  ) {
    const one = db.transaction(apply);
    const run = db.transaction((items: Pending<I, O>[]): Outcome<O>[] =>
      items.map((item) => {
        try {
          return { ok: true, value: one(item.input) };
        } catch (error) {
          // A database error, or one that took the whole transaction with it (e.g. a
          // RAISE(ROLLBACK)): abort the batch so nobody is told "done" and no later
          // request runs outside it in autocommit.
          if (isFatal(error) || !db.inTransaction) throw error;
          return { ok: false, error };
        }
      }),
    );
    this.batch = (items) => run.immediate(items);
  }

  submit(input: I): Promise<O> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.schedule();
    });
  }

  /** Applies everything queued now, synchronously, and refuses later submits (before close). */
  close(): void {
    this.closed = true;
    while (this.queue.length > 0) this.flushOne();
  }

  get pending(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flushOne();
      // Leave the rest for the next turn so I/O callbacks are not starved.
      if (this.queue.length > 0) this.schedule();
    });
  }

  private flushOne(): void {
    const items = this.queue.splice(0, this.maxBatch);
    if (items.length === 0) return;
    let outcomes: Outcome<O>[];
    try {
      outcomes = this.batch(items);
    } catch (error) {
      // better-sqlite3 rolls back on a throw; make sure, so the connection stays usable.
      if (this.db.open && this.db.inTransaction) this.db.exec('ROLLBACK');
      this.stats.aborted++;
      for (const item of items) item.reject(error);
      return;
    }
    this.stats.commits++;
    this.stats.settled += items.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, items.length);
    // Only here, after COMMIT returned, does any caller learn its result.
    items.forEach((item, i) => {
      const o = outcomes[i];
      if (o?.ok) item.resolve(o.value);
      else item.reject(o ? o.error : new Error('missing batch outcome'));
    });
  }
}
