/**
 * The MongoDB store, assembled from its areas. Each area module (users.ts, ledger.ts,
 * goals.ts, ...; the same file names as in ../sqlite) exports a factory
 * `(ctx: MongoContext) => <Area>` (../areas.ts) holding that area's Store methods, and
 * the store is their spread: a new area is one line below (tsc checks Store is covered).
 * Every method reads and writes through the one context (context.ts); index.ts wraps
 * the store so that driver timeouts answer STORE_BUSY (timeouts.ts).
 */
import type { Db } from 'mongodb';
import type { Store } from '../store.ts';
import { codes } from './codes.ts';
import { contacts } from './contacts.ts';
import type { MongoContext } from './context.ts';
import { goals } from './goals.ts';
import { ledger } from './ledger.ts';
import { rateLimits } from './rate-limits.ts';
import { sessions } from './sessions.ts';
import { sms } from './sms.ts';
import { users } from './users.ts';

export interface MongoStore extends Store {
  readonly kind: 'mongo';
  readonly client: MongoContext['client'];
  readonly db: Db;
}

export function createMongoStore(ctx: MongoContext, db: Db): MongoStore {
  return {
    kind: 'mongo',
    client: ctx.client,
    db,
    ping: async () => {
      await db.command({ ping: 1 });
    },
    close: () => ctx.client.close(),
    ...users(ctx),
    ...ledger(ctx),
    ...goals(ctx),
    ...contacts(ctx),
    ...sessions(ctx),
    ...codes(ctx),
    ...rateLimits(ctx),
    ...sms(ctx),
  };
}

/** True for a store this module made (tests reach its database through `db`). */
export const isMongoStore = (store: Store): store is MongoStore =>
  store.kind === 'mongo' && 'db' in store;
