import type Database from 'better-sqlite3';

interface Pending<I, O> {
  input: I;
  resolve: (value: O) => void;
  reject: (reason: unknown) => void;
}

type Outcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

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
  private readonly one: (input: I) => O;
  private readonly batch: (items: Pending<I, O>[]) => Outcome<O>[];

  constructor(
    db: Database.Database,
    apply: (input: I) => O,
    private readonly maxBatch = 256,
  ) {
    this.one = db.transaction(apply);
    const run = db.transaction((items: Pending<I, O>[]): Outcome<O>[] =>
      items.map((item) => {
        try {
          return { ok: true, value: this.one(item.input) };
        } catch (error) {
          if (isFatal(error)) throw error; // abort the batch: nobody is told "done"
          return { ok: false, error };
        }
      }),
    );
    this.batch = (items) => run.immediate(items);
  }

  submit(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.schedule();
    });
  }

  /** Applies everything queued now, synchronously (used before close). */
  drain(): void {
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
      for (const item of items) item.reject(error);
      return;
    }
    // Only here, after COMMIT returned, does any caller learn its result.
    items.forEach((item, i) => {
      const o = outcomes[i];
      if (o?.ok) item.resolve(o.value);
      else item.reject(o ? o.error : new Error('missing batch outcome'));
    });
  }
}
