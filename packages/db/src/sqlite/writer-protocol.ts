/**
 * The messages between a worker-mode store (worker-store.ts, main thread) and the SQLite
 * writer thread (writer-thread.ts). Structured clone carries arguments and results
 * (Dates included); errors cross as WireError and are re-created on the main thread.
 * Each side posts what one turn of its loop produced as ONE array (Outbox): one wake-up
 * of the other thread per turn, not per call, and the writer sees a tick's calls at once
 * (so they form one group commit, as inline).
 */
import Database from 'better-sqlite3';
import { type DomainCode, DomainError } from '../errors.ts';
import type { GroupCommitStats } from './group-commit.ts';

export interface WriterOpen {
  file: string;
  maxAmount: number;
  /**
   * The store has an injected clock (tests): the thread does not read its own, but the
   * reading each message carries (`now`, taken on the main thread when it was sent).
   */
  injectedClock: boolean;
}

export type ToWriter =
  | { t: 'open'; s: number; open: WriterOpen; now?: number }
  | { t: 'call'; s: number; id: number; m: string; a: unknown[]; now?: number }
  | { t: 'close'; s: number; id: number }
  /** Test hook (writer-crash.test.ts): the thread dies inside the transaction of the n-th transfer from now. */
  | { t: 'crash'; s: number; afterTransfers: number };

export type FromWriter =
  | { t: 'ok'; id: number; v: unknown; stats?: GroupCommitStats }
  | { t: 'err'; id: number; e: WireError };

export interface WireError {
  name: string;
  message: string;
  code?: string;
  domain: boolean;
  stack?: string;
}

export function toWire(e: unknown): WireError {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e), domain: false };
  const code = 'code' in e && typeof e.code === 'string' ? e.code : undefined;
  const domain = e instanceof DomainError;
  // A refusal is re-created from its code and message: formatting its stack (source
  // maps under tsx) would only cost time, and refusals are common.
  const stack = domain ? undefined : e.stack;
  return {
    name: e.name,
    message: e.message,
    domain,
    ...(code === undefined ? {} : { code }),
    ...(stack === undefined ? {} : { stack }),
  };
}

const BUILT_IN: Record<string, ErrorConstructor> = { TypeError, RangeError, SyntaxError };

/** The error as the inline store would have thrown it: same class, code and message. */
export function fromWire(w: WireError): Error {
  if (w.domain) return new DomainError(w.code as DomainCode, w.message);
  let error: Error;
  if (w.name === 'SqliteError' && w.code !== undefined) {
    error = new Database.SqliteError(w.message, w.code);
  } else {
    error = new (BUILT_IN[w.name] ?? Error)(w.message);
    if (!(w.name in BUILT_IN) && w.name !== 'Error') error.name = w.name;
    if (w.code !== undefined) Object.assign(error, { code: w.code });
  }
  if (w.stack !== undefined) error.stack = `${w.stack}\n    (in the SQLite writer thread)`;
  return error;
}

/**
 * Messages queued during one turn, posted together as one array when `schedule` runs
 * the flush (main thread: setImmediate, after the turn's I/O; writer: process.nextTick,
 * which a promise reaction schedules after every pending reaction has run).
 */
export class Outbox<M> {
  private queue: M[] = [];
  private scheduled = false;

  constructor(
    private readonly port: { postMessage(message: unknown): void },
    private readonly schedule: (flush: () => void) => void,
    /** A message structured clone cannot carry (the others are still sent). */
    private readonly unsendable: (message: M, error: unknown) => void,
  ) {}

  push(message: M): void {
    this.queue.push(message);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    try {
      this.port.postMessage(batch); // serialises first: on a throw nothing was sent
      return;
    } catch {
      // One of them cannot be cloned: send the rest one by one, in order.
    }
    for (const message of batch) {
      try {
        this.port.postMessage([message]);
      } catch (e) {
        this.unsendable(message, e);
      }
    }
  }
}
