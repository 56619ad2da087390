/**
 * The SQLite writer thread (worker mode, see worker-store.ts). It opens each file store's
 * write connection and builds the unchanged store on it, so group commit, the fsync of
 * synchronous=FULL and the WAL checkpoints happen here, off the main event loop. A call
 * is answered only when the store method settled: for a write, after its COMMIT returned.
 * One thread serves every worker-mode store of the process.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Minor } from '../money.ts';
import { applyPragmas } from './pragmas.ts';
import { createSqliteStore, type SqliteStore } from './store.ts';
import {
  CLOCK_TIMEOUT_MS,
  type FromWriter,
  type ToWriter,
  toWire,
  type WriterOpen,
} from './writer-protocol.ts';

if (!parentPort) throw new Error('writer-thread.ts runs as a worker thread');
const port = parentPort;
const clockBuffer = (workerData as { clock: SharedArrayBuffer }).clock;
const clockState = new Int32Array(clockBuffer, 0, 1);
const clockValue = new Float64Array(clockBuffer, 8, 1);

/** Open stores by id, or why opening failed (every call to it is refused with that). */
const stores = new Map<number, SqliteStore | Error>();

const send = (message: FromWriter): void => port.postMessage(message);

/** The main thread's clock for store `s`: a synchronous round trip (test clocks only). */
function remoteNow(s: number): number {
  Atomics.store(clockState, 0, 0);
  send({ t: 'now', s });
  if (Atomics.wait(clockState, 0, 0, CLOCK_TIMEOUT_MS) === 'timed-out') {
    throw new Error('the main thread did not answer a clock read');
  }
  if (Atomics.load(clockState, 0) !== 1) throw new Error("the store's clock threw");
  return clockValue[0] as number;
}

function open(s: number, o: WriterOpen): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(o.file);
    applyPragmas(db); // the main thread migrated the file before asking
    const now = o.remoteClock ? () => remoteNow(s) : Date.now;
    stores.set(s, createSqliteStore({ db, now, maxAmount: o.maxAmount as Minor }));
  } catch (e) {
    db?.close();
    stores.set(s, e instanceof Error ? e : new Error(String(e)));
  }
}

function reply(id: number, settle: Promise<unknown>, store: SqliteStore, method: string): void {
  settle.then(
    (v) => {
      const stats = method === 'postTransfer' ? { ...store.groupCommitStats } : undefined;
      try {
        send({ t: 'ok', id, v, ...(stats ? { stats } : {}) });
      } catch (e) {
        send({ t: 'err', id, e: toWire(e) }); // a result structured clone cannot carry
      }
    },
    (e: unknown) => send({ t: 'err', id, e: toWire(e) }),
  );
}

function call(s: number, id: number, method: string, args: unknown[]): void {
  const store = stores.get(s);
  if (store === undefined || store instanceof Error) {
    send({ t: 'err', id, e: toWire(store ?? new Error('the store is closed')) });
    return;
  }
  const fn = (store as unknown as Record<string, unknown>)[method];
  if (typeof fn !== 'function') {
    send({ t: 'err', id, e: toWire(new TypeError(`the store has no method ${method}`)) });
    return;
  }
  let settle: Promise<unknown>;
  try {
    // Called now, in message order: the same order of effects as the inline store.
    settle = Promise.resolve(fn.apply(store, args));
  } catch (e) {
    settle = Promise.reject(e);
  }
  reply(id, settle, store, method);
}

function close(s: number, id: number): void {
  const store = stores.get(s);
  stores.delete(s);
  const closing = store === undefined || store instanceof Error ? Promise.resolve() : store.close();
  closing.then(
    () => send({ t: 'ok', id, v: undefined }),
    (e: unknown) => send({ t: 'err', id, e: toWire(e) }),
  );
}

/** The thread dies inside the transaction that inserts the n-th transfer from now (a test). */
function crashLater(s: number, n: number): void {
  const store = stores.get(s);
  if (store === undefined || store instanceof Error) return;
  let left = n;
  store.db.function('qp_writer_crash', () => {
    if (--left <= 0) process.exit(70); // in a worker: ends this thread only
    return 0;
  });
  store.db.exec(
    'CREATE TEMP TRIGGER qp_writer_crash AFTER INSERT ON main.transfers BEGIN SELECT qp_writer_crash(); END',
  );
}

port.on('message', (m: ToWriter) => {
  switch (m.t) {
    case 'open':
      return open(m.s, m.open);
    case 'call':
      return call(m.s, m.id, m.m, m.a);
    case 'close':
      return close(m.s, m.id);
    case 'crash':
      return crashLater(m.s, m.afterTransfers);
  }
});
