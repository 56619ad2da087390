import type { MongoClientOptions, TransactionOptions } from 'mongodb';

/**
 * The MongoClient options the store runs with. Two kinds:
 *
 * Pinned (the URI cannot loosen them; an option object wins over the URI in the driver's
 * parser, and `w` / `readConcernLevel` are the keys a URI would set):
 * - w: majority on every write, not only in transactions: a revoked session, a used
 *   code, a contact or an SMS state acknowledged at w:1 can be rolled back by a failover.
 * - readConcern majority: a balance, a history page or a session read never shows a
 *   write a failover could roll back. On the primary this costs nothing extra: the
 *   majority snapshot is what WiredTiger already keeps.
 * - readPreference primary: reads see this instance's own acknowledged writes.
 *
 * Defaults (the URI may set its own, e.g. ?serverSelectionTimeoutMS=...): bounds on
 * every wait, so a sick replica set answers 503 in seconds instead of hanging for the
 * driver's 30 s (server selection) or forever (pool checkout, a dead socket).
 * retryWrites / retryReads are the driver's defaults (true) and are left to the URI.
 * The driver's `timeoutMS` is not used: in this driver version it is deprecated and
 * has no effect (see mongodb.d.ts), so each wait is bounded by its own option.
 */
export const CLIENT_TIMEOUTS = {
  /** No primary (an election, a partition) for this long: the request fails (503). */
  serverSelectionTimeoutMS: 5_000,
  connectTimeoutMS: 5_000,
  /** Every pooled connection busy for this long: the request fails instead of queuing. */
  waitQueueTimeoutMS: 5_000,
  /** A socket silent this long is closed (a half-open connection after a partition). */
  socketTimeoutMS: 30_000,
} as const;

/** Commit waits for a majority at most this long (a PSA set with the secondary down). */
export const MAX_COMMIT_TIME_MS = 5_000;

export interface ClientOptionsFor {
  /**
   * A command that runs long single operations (index builds in `db:setup`, a ledger
   * scan): no socket timeout, since a build on a large collection is silent for minutes.
   */
  longOperations?: boolean;
}

/** True when the URI's query string sets `name` (option names are case-insensitive). */
export function uriSets(uri: string, name: string): boolean {
  const query = uri.split('?')[1] ?? '';
  const wanted = name.toLowerCase();
  return query.split('&').some((pair) => (pair.split('=')[0] ?? '').toLowerCase() === wanted);
}

export function clientOptions(uri: string, purpose: ClientOptionsFor = {}): MongoClientOptions {
  const timeouts: MongoClientOptions = {};
  for (const [name, value] of Object.entries(CLIENT_TIMEOUTS)) {
    if (name === 'socketTimeoutMS' && purpose.longOperations) continue;
    if (!uriSets(uri, name)) Object.assign(timeouts, { [name]: value });
  }
  return {
    ...timeouts,
    ...(uriSets(uri, 'appName') ? {} : { appName: 'quickpay' }),
    w: 'majority',
    writeConcern: { w: 'majority' },
    readConcernLevel: 'majority',
    readPreference: 'primary',
  };
}

/**
 * Every multi-document transaction: snapshot reads (all reads in the transaction see
 * one point in time, what the conditional updates and the id floor rely on, and what
 * a sharded cluster needs for that guarantee), majority commit on the primary, and a
 * bounded commit. A commit past MAX_COMMIT_TIME_MS fails with MaxTimeMSExpired, which
 * withTransaction does not retry; the store turns it into STORE_BUSY (timeouts.ts).
 */
export const TRANSACTION_OPTIONS: TransactionOptions = {
  readConcern: { level: 'snapshot' },
  writeConcern: { w: 'majority' },
  readPreference: 'primary',
  maxCommitTimeMS: MAX_COMMIT_TIME_MS,
};
