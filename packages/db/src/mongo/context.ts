import {
  type ClientSession,
  type MongoClient,
  MongoError,
  MongoServerError,
  type TransactionOptions,
} from 'mongodb';
import { newId } from '../ids.ts';
import type { Minor } from '../money.ts';
import { TRANSACTION_OPTIONS } from './client-options.ts';
import type { Collections } from './collections.ts';
import type { KeyedLock } from './lock.ts';
import { withConflictRetry } from './retry.ts';

export interface MongoContext {
  client: MongoClient;
  col: Collections;
  now: () => number;
  maxAmount: Minor;
  /** Queues this process's transactions on hot documents (lock.ts). */
  locks: KeyedLock;
}

/** True for an error the server labels as worth rerunning the whole transaction. */
export const isTransientTransactionError = (e: unknown): boolean =>
  e instanceof MongoError && e.hasErrorLabel('TransientTransactionError');

const MAX_TIME_MS_EXPIRED = 50;

/**
 * Commits; a commit whose outcome is unknown (a dropped connection, an election) is
 * retried as a commit, which the server makes idempotent, twice at most. A commit that
 * ran out of maxCommitTimeMS is not: it fails (STORE_BUSY, timeouts.ts).
 */
async function commit(session: ClientSession): Promise<void> {
  for (let tries = 1; ; tries++) {
    try {
      await session.commitTransaction();
      return;
    } catch (e) {
      const unknown =
        e instanceof MongoError &&
        e.hasErrorLabel('UnknownTransactionCommitResult') &&
        !(e instanceof MongoServerError && e.code === MAX_TIME_MS_EXPIRED);
      if (!unknown || tries >= 3) throw e;
    }
  }
}

/** One run of a transaction: `fn`, then commit; any failure aborts it. */
async function runOnce<T>(
  session: ClientSession,
  fn: (session: ClientSession) => Promise<T>,
  options: TransactionOptions,
): Promise<T> {
  session.startTransaction(options);
  try {
    const result = await fn(session);
    await commit(session);
    return result;
  } catch (e) {
    if (session.inTransaction()) await session.abortTransaction().catch(() => {});
    throw e;
  }
}

/**
 * Runs `fn` in one transaction (snapshot reads, majority commit, bounded commit time:
 * client-options.ts). A transient error (a write conflict, a failover) reruns it after
 * a jittered backoff, within a bounded budget that ends in STORE_BUSY (retry.ts), in
 * place of the driver's withTransaction (immediate retries for up to 120 s). So `fn`
 * must only read and write through `session`. Errors thrown by `fn` (DomainError
 * included) abort it and propagate unchanged. `label` names it in conflict counts.
 */
export async function inTransaction<T>(
  ctx: MongoContext,
  fn: (session: ClientSession) => Promise<T>,
  options: TransactionOptions = TRANSACTION_OPTIONS,
  label = 'transaction',
): Promise<T> {
  const session = ctx.client.startSession();
  try {
    return await withConflictRetry(label, () => runOnce(session, fn, options), {
      transient: isTransientTransactionError,
    });
  } finally {
    await session.endSession();
  }
}

/** inTransaction, queued behind this process's other holders of `keys` (documents it writes). */
export function inLockedTransaction<T>(
  ctx: MongoContext,
  keys: readonly string[],
  fn: (session: ClientSession) => Promise<T>,
  label = 'transaction',
): Promise<T> {
  return ctx.locks.run(keys, () => inTransaction(ctx, fn, TRANSACTION_OPTIONS, label));
}

export const isDuplicateKey = (e: unknown): e is MongoServerError =>
  e instanceof MongoServerError && e.code === 11000;

/**
 * Runs `fn` once more when it fails on a duplicate key: a concurrent writer committed
 * the same unique key first, and a second run reads that document and answers from it
 * (an upsert updates it; a lookup replays it or refuses the request as a conflict).
 */
export async function againIfDuplicate<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    return fn();
  }
}

/** True when a duplicate-key error came from an index over `field`. */
export function duplicateOn(e: unknown, field: string): boolean {
  if (!isDuplicateKey(e)) return false;
  const pattern: unknown = e.keyPattern ?? e.keyValue;
  if (pattern && typeof pattern === 'object') return field in pattern;
  return e.message.includes(field);
}

/** Escapes user text for use inside a RegExp: the text is matched literally. */
export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let lastId = '';

/** The millisecond an id (ids.ts) was minted in: its 9 base36 chars of time. */
export const idTime = (id: string): number => Number.parseInt(id.slice(0, 9), 36);

/**
 * ids.ts newId(), made strictly increasing within this process: two ids minted in
 * the same millisecond (or under a test clock that stands still) still sort in
 * creation order, which history, cursors and "newest first" lists rely on.
 * `after`, when given, is an id the new one must sort above although another process
 * (with its own clock) minted it: the new id then takes the next millisecond after it,
 * with fresh random chars, so two processes bumping above one id do not collide.
 */
export function nextId(now: number, after?: string | null): string {
  let id = newId(now);
  const floor = after ? idTime(after) : Number.NaN;
  if (after && id <= after && Number.isSafeInteger(floor)) id = newId(floor + 1);
  if (id <= lastId) id = increment(lastId);
  lastId = id;
  return id;
}

/** The next base36 string of the same length (carrying left); ids never reach all-'z'. */
function increment(id: string): string {
  const chars = id.split('');
  for (let i = chars.length - 1; i >= 0; i--) {
    const v = Number.parseInt(chars[i] ?? '0', 36);
    if (v < 35) {
      chars[i] = (v + 1).toString(36);
      return chars.join('');
    }
    chars[i] = '0';
  }
  return `${id}0`;
}
