/**
 * The messages between a worker-mode store (worker-store.ts, main thread) and the SQLite
 * writer thread (writer-thread.ts). Structured clone carries arguments and results
 * (Dates included); errors cross as WireError and are re-created on the main thread.
 */
import Database from 'better-sqlite3';
import { type DomainCode, DomainError } from '../errors.ts';
import type { GroupCommitStats } from './group-commit.ts';

export interface WriterOpen {
  file: string;
  maxAmount: number;
  /** The store's clock is the main thread's (an injected test clock), read through `clock`. */
  remoteClock: boolean;
}

export type ToWriter =
  | { t: 'open'; s: number; open: WriterOpen }
  | { t: 'call'; s: number; id: number; m: string; a: unknown[] }
  | { t: 'close'; s: number; id: number }
  /** Test hook (writer-crash.test.ts): the thread dies inside the transaction of the n-th transfer from now. */
  | { t: 'crash'; s: number; afterTransfers: number };

export type FromWriter =
  | { t: 'ok'; id: number; v: unknown; stats?: GroupCommitStats }
  | { t: 'err'; id: number; e: WireError }
  /** The writer needs the clock of store `s` now (it waits on the shared clock buffer). */
  | { t: 'now'; s: number };

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
  return {
    name: e.name,
    message: e.message,
    domain: e instanceof DomainError,
    ...(code === undefined ? {} : { code }),
    ...(e.stack === undefined ? {} : { stack: e.stack }),
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

/** The clock buffer: [0] Int32 state (0 waiting, 1 value ready, 2 the clock threw), [8] Float64 value. */
export const CLOCK_BYTES = 16;
export const CLOCK_TIMEOUT_MS = 30_000;
