/**
 * The main thread's side of the SQLite writer thread (writer-thread.ts): one thread per
 * process, shared by every worker-mode store, started on the first open and stopped when
 * the last store has been closed for a moment (so a test process can exit).
 *
 * If the thread dies, nothing it was asked can be known to be on disk and its
 * connections' locks stay held by this process: every pending call is refused and the
 * process exits non-zero (a supervisor restarts it; the next open recovers the WAL).
 */
import { Worker } from 'node:worker_threads';
import type { GroupCommitStats } from './group-commit.ts';
import {
  type FromWriter,
  fromWire,
  Outbox,
  type ToWriter,
  type WriterOpen,
} from './writer-protocol.ts';

/** Source runs load sqlite-writer.mjs next to this file; the bundle has dist/sqlite-writer.mjs. */
const SCRIPT = new URL('./sqlite-writer.mjs', import.meta.url);
const IDLE_STOP_MS = 1_000;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
  stats?: GroupCommitStats;
}

/** The writer thread is lost: say why and exit non-zero. */
const exitOnWriterLost = (error: Error): void => {
  console.error(`quickpay: ${error.message}; exiting`);
  // After the refusals above reached their callers (microtasks run first).
  setImmediate(() => process.exit(1));
};

/** Messages posted and calls answered, for the bench (messages per call shows the batching). */
export interface WriterTraffic {
  calls: number;
  posted: number;
  received: number;
}

export class WriterThread {
  private static current: WriterThread | null = null;

  /** The process's writer thread, started if needed. */
  static acquire(): WriterThread {
    if (WriterThread.current === null) WriterThread.current = new WriterThread();
    return WriterThread.current;
  }

  readonly traffic: WriterTraffic = { calls: 0, posted: 0, received: 0 };
  private readonly worker: Worker;
  private readonly outbox: Outbox<ToWriter>;
  /** Open stores and their injected clocks (null: the thread's own Date.now). */
  private readonly clocks = new Map<number, (() => number) | null>();
  private readonly pending = new Map<number, Pending>();
  private lost: Error | null = null;
  private stopping = false;
  private idleTimer: NodeJS.Timeout | null = null;
  private nextId = 1;
  private static nextStore = 1;

  private constructor() {
    this.worker = new Worker(SCRIPT);
    const port = {
      postMessage: (batch: unknown) => {
        this.worker.postMessage(batch);
        this.traffic.posted++;
      },
    };
    // Everything asked during one turn of this loop goes as one message, after the
    // turn's I/O callbacks (like the inline group commit's setImmediate).
    this.outbox = new Outbox<ToWriter>(
      port,
      (flush) => setImmediate(flush),
      (m, e) => this.refuse(m, e),
    );
    this.worker.on('message', (batch: FromWriter[]) => {
      this.traffic.received++;
      for (const m of batch) this.receive(m);
    });
    this.worker.on('error', (e) => this.lose(`the SQLite writer thread failed: ${e.message}`));
    this.worker.on('messageerror', (e) => this.lose(`a writer reply was unreadable: ${e.message}`));
    this.worker.on('exit', (code) => {
      if (!this.stopping) this.lose(`the SQLite writer thread exited (code ${code})`);
    });
  }

  /** Opens `open.file` in the thread; `clock` is the store's injected clock (null: Date.now). */
  openStore(open: Omit<WriterOpen, 'injectedClock'>, clock: (() => number) | null): number {
    if (this.lost) throw this.lost;
    const s = WriterThread.nextStore++;
    const now = clock === null ? {} : { now: clock() };
    this.clocks.set(s, clock);
    this.ref();
    this.outbox.push({ t: 'open', s, open: { ...open, injectedClock: clock !== null }, ...now });
    return s;
  }

  /**
   * Calls store `s`'s method in the thread; settles when the method settled there. An
   * injected clock is read now, as the inline store reads it when called.
   */
  call(s: number, method: string, args: unknown[], stats?: GroupCommitStats): Promise<unknown> {
    this.traffic.calls++;
    return this.request((id) => {
      const clock = this.clocks.get(s);
      return { t: 'call', s, id, m: method, a: args, ...(clock ? { now: clock() } : {}) };
    }, stats);
  }

  async closeStore(s: number): Promise<void> {
    try {
      await this.request((id) => ({ t: 'close', s, id }));
    } finally {
      this.clocks.delete(s);
      this.unrefIfIdle();
    }
  }

  /** Test hook: the thread dies inside the transaction of store `s`'s n-th transfer from now. */
  crashAfter(s: number, afterTransfers: number): void {
    this.outbox.push({ t: 'crash', s, afterTransfers });
  }

  private request(message: (id: number) => ToWriter, stats?: GroupCommitStats): Promise<unknown> {
    if (this.lost) return Promise.reject(this.lost);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const m = message(id); // may throw (an injected clock that throws): a rejection
      this.pending.set(id, { resolve, reject, ...(stats ? { stats } : {}) });
      this.outbox.push(m);
    });
  }

  /** A message structured clone could not carry (e.g. a function argument): refuse its call. */
  private refuse(m: ToWriter, error: unknown): void {
    if (m.t !== 'call' && m.t !== 'close') return;
    const p = this.pending.get(m.id);
    this.pending.delete(m.id);
    p?.reject(error);
  }

  private receive(m: FromWriter): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.t === 'ok') {
      if (m.stats && p.stats) Object.assign(p.stats, m.stats);
      p.resolve(m.v);
    } else {
      p.reject(fromWire(m.e));
    }
  }
  private ref(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.worker.ref();
  }

  /** With no store open the thread must not keep the process alive, and soon stops. */
  private unrefIfIdle(): void {
    if (this.clocks.size > 0 || this.lost) return;
    this.worker.unref();
    this.idleTimer ??= setTimeout(() => {
      this.idleTimer = null;
      if (this.clocks.size > 0 || WriterThread.current !== this) return;
      WriterThread.current = null;
      this.stopping = true;
      void this.worker.terminate();
    }, IDLE_STOP_MS);
    this.idleTimer.unref();
  }

  private lose(why: string): void {
    if (this.lost) return;
    this.lost = new Error(why);
    if (WriterThread.current === this) WriterThread.current = null;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(this.lost);
    exitOnWriterLost(this.lost);
  }
}
