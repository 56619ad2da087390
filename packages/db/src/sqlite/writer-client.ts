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
  CLOCK_BYTES,
  type FromWriter,
  fromWire,
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

export class WriterThread {
  private static current: WriterThread | null = null;

  /** The process's writer thread, started if needed. */
  static acquire(): WriterThread {
    if (WriterThread.current === null) WriterThread.current = new WriterThread();
    return WriterThread.current;
  }

  private readonly worker: Worker;
  private readonly clockBuffer = new SharedArrayBuffer(CLOCK_BYTES);
  private readonly clocks = new Map<number, (() => number) | null>();
  private readonly pending = new Map<number, Pending>();
  private lost: Error | null = null;
  private stopping = false;
  private idleTimer: NodeJS.Timeout | null = null;
  private nextId = 1;
  private static nextStore = 1;

  private constructor() {
    this.worker = new Worker(SCRIPT, { workerData: { clock: this.clockBuffer } });
    this.worker.on('message', (m: FromWriter) => this.receive(m));
    this.worker.on('error', (e) => this.lose(`the SQLite writer thread failed: ${e.message}`));
    this.worker.on('messageerror', (e) => this.lose(`a writer reply was unreadable: ${e.message}`));
    this.worker.on('exit', (code) => {
      if (!this.stopping) this.lose(`the SQLite writer thread exited (code ${code})`);
    });
  }

  /** Opens `open.file` in the thread; `clock` is the store's injected clock (null: Date.now). */
  openStore(open: Omit<WriterOpen, 'remoteClock'>, clock: (() => number) | null): number {
    if (this.lost) throw this.lost;
    const s = WriterThread.nextStore++;
    this.clocks.set(s, clock);
    this.ref();
    this.post({ t: 'open', s, open: { ...open, remoteClock: clock !== null } });
    return s;
  }

  /** Calls store `s`'s method in the thread; settles when the method settled there. */
  call(s: number, method: string, args: unknown[], stats?: GroupCommitStats): Promise<unknown> {
    return this.request((id) => ({ t: 'call', s, id, m: method, a: args }), stats);
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
    this.post({ t: 'crash', s, afterTransfers });
  }

  private request(message: (id: number) => ToWriter, stats?: GroupCommitStats): Promise<unknown> {
    if (this.lost) return Promise.reject(this.lost);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...(stats ? { stats } : {}) });
      try {
        this.post(message(id));
      } catch (e) {
        this.pending.delete(id); // e.g. an argument structured clone cannot carry
        reject(e);
      }
    });
  }

  private post(message: ToWriter): void {
    this.worker.postMessage(message);
  }

  private receive(m: FromWriter): void {
    if (m.t === 'now') {
      this.answerClock(m.s);
      return;
    }
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

  private answerClock(s: number): void {
    const state = new Int32Array(this.clockBuffer, 0, 1);
    try {
      const clock = this.clocks.get(s) ?? Date.now;
      new Float64Array(this.clockBuffer, 8, 1)[0] = clock();
      Atomics.store(state, 0, 1);
    } catch {
      Atomics.store(state, 0, 2);
    }
    Atomics.notify(state, 0);
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
