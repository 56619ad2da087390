/**
 * The SQLite writer thread (worker mode, see worker-store.ts). It opens each file store's
 * write connection and builds the unchanged store on it, so group commit, the fsync of
 * synchronous=FULL and the WAL checkpoints happen here, off the main event loop. A call
 * is answered only when the store method settled: for a write, after its COMMIT returned.
 * One thread serves every worker-mode store of the process.
 */
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Minor } from '../money.ts';
import { applyPragmas } from './pragmas.ts';
import { createSqliteStore, type SqliteStore } from './store.ts';
import {
  type FromWriter,
  Outbox,
  type ToWriter,
  toWire,
  type WriterOpen,
} from './writer-protocol.ts';

if (!parentPort) throw new Error('writer-thread.ts runs as a worker thread');
const port = parentPort;

/** Open stores by id, or why opening failed (every call to it is refused with that). */
const stores = new Map<number, SqliteStore | Error>();
/** The latest reading of each injected clock (a store with one never reads this thread's). */
const injectedNow = new Map<number, number>();

// The replies of one turn go as one message. A reply is queued from a promise reaction;
// a nextTick queued there runs once every pending reaction has run, so a batch's replies
// (all settled right after its COMMIT) leave together, before the next batch starts.
const outbox = new Outbox<FromWriter>(
  port,
  (flush) => process.nextTick(flush),
  // A result structured clone cannot carry: its caller is refused with why.
  (m, e) => outbox.push({ t: 'err', id: m.id, e: toWire(e) }),
);
const send = (message: FromWriter): void => outbox.push(message);

function open(s: number, o: WriterOpen): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(o.file);
    applyPragmas(db); // the main thread migrated the file before asking
    const now = o.injectedClock ? () => injectedNow.get(s) ?? Date.now() : Date.now;
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
      send({ t: 'ok', id, v, ...(stats ? { stats } : {}) });
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
  injectedNow.delete(s);
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

function handle(m: ToWriter): void {
  if ((m.t === 'open' || m.t === 'call') && m.now !== undefined) injectedNow.set(m.s, m.now);
  if (m.t === 'open') open(m.s, m.open);
  else if (m.t === 'call') call(m.s, m.id, m.m, m.a);
  else if (m.t === 'close') close(m.s, m.id);
  else crashLater(m.s, m.afterTransfers);
}

// One message is one turn of the main thread: its calls are made in order, now, so the
// transfers among them join one group commit (flushed by setImmediate after this).
port.on('message', (batch: ToWriter[]) => {
  for (const m of batch) handle(m);
});
