/**
 * The MongoDB store (production). Design in brief, details beside the code:
 * - Needs transactions, so a replica set or mongos (MongoDB 5.0+: transactions read a
 *   snapshot); a standalone server is refused at open (topology.ts).
 * - The ledger check streams account by account, each in commit order, off a secondary
 *   when one is up (verify.ts).
 * - Money is plain JS numbers of minor units: stored as int32, or double/long once
 *   large, all exact below 2^53; validators refuse fractions (specs.ts).
 * - Every write is majority-acknowledged and every read majority, on the primary, pinned
 *   on the client whatever the URI says; transactions read a snapshot and their commit
 *   is bounded in time (client-options.ts); balances move by conditional $inc, so none
 *   goes below zero.
 * - Every wait is bounded (server selection, pool, commit, lock queues); running out
 *   of time is STORE_BUSY, a 503 with Retry-After (timeouts.ts, lock.ts).
 * - Ids are time-ordered and strictly increasing per process; a transfer's id also sorts
 *   above its accounts' last transfers, so history (paged by id) is in commit order, and
 *   a listed document's id above its list's newest (newest.ts).
 * - Hot transactions queue on an in-process lock first (lock.ts): withTransaction
 *   retries write conflicts at once, without backoff.
 */
import { MongoClient } from 'mongodb';
import { storeSettings } from '../constants.ts';
import type { StoreOptions } from '../store.ts';
import { clientOptions } from './client-options.ts';
import { collections } from './collections.ts';
import { KeyedLock } from './lock.ts';
import { setupSchema, verifySchema } from './setup.ts';
import { createMongoStore, type MongoStore } from './store.ts';
import { withBusyErrors } from './timeouts.ts';
import { checkServer, databaseName, redactUri, unreachable } from './topology.ts';

export { FIRST_ACCOUNT_NUMBER } from '../constants.ts';
export { NAMES } from './collections.ts';
export { missingLedger, openMongoLedgerReadOnly } from './read-only.ts';
export { ensureSchema } from './schema.ts';
export { setupNeeded, setupSchema, verifySchema } from './setup.ts';
export { runMongoSetup } from './setup-command.ts';
export { createMongoStore, isMongoStore, type MongoStore } from './store.ts';
export { databaseName, isStandalone, STANDALONE_MESSAGE } from './topology.ts';

export type MongoStoreOptions = StoreOptions & {
  /** A mongodb:// or mongodb+srv:// URI naming a replica set or a mongos. */
  uri: string;
  /** Defaults to the database in the URI's path, else 'quickpay'. */
  dbName?: string;
  /**
   * Set the database up (what `pnpm db:setup` does) before opening, instead of only
   * verifying that it is set up. For tests on fresh databases; servers only verify.
   */
  setup?: boolean;
};

export const DEFAULT_DB_NAME = 'quickpay';

/**
 * Connects, refuses a server without transactions (standalone), and verifies that the
 * database is set up for this release (setup.ts), refusing with the command to run
 * when it is not; it changes nothing unless `setup` is asked for.
 * Every failure closes the client and rejects with an Error that says why.
 */
export async function openMongoStore(options: MongoStoreOptions): Promise<MongoStore> {
  let client: MongoClient;
  try {
    client = new MongoClient(options.uri, clientOptions(options.uri));
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(`invalid MongoDB URI ${redactUri(options.uri)}: ${reason}`, { cause: e });
  }
  try {
    try {
      await client.connect();
    } catch (e) {
      throw unreachable(options.uri, e);
    }
    const name = databaseName(options.uri, options.dbName, DEFAULT_DB_NAME);
    const db = client.db(name);
    for (const warning of await checkServer(db.admin())) {
      process.emitWarning(warning, 'QuickpayMongoWarning');
    }
    if (options.setup) {
      // A change this user may not make (collMod without dbAdmin) is said, not dropped.
      for (const warning of (await setupSchema(db)).warnings) {
        process.emitWarning(warning, 'QuickpayMongoWarning');
      }
    } else {
      await verifySchema(db, `database "${name}" at ${redactUri(options.uri)}`);
    }
    const ctx = {
      client,
      col: collections(db),
      ...storeSettings(options),
      locks: new KeyedLock(),
    };
    return withBusyErrors(createMongoStore(ctx, db));
  } catch (e) {
    await client.close().catch(() => {});
    throw e;
  }
}
