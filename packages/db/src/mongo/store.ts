/**
 * The MongoDB store, assembled from its areas. Each area module (users.ts, ledger.ts,
 * goals.ts, contacts.ts, sessions.ts, codes.ts, rate-limits.ts, sms.ts: the same names
 * as in ../sqlite) exports a factory `(ctx: MongoContext) => <Area>` holding that area's
 * Store methods; areas.ts lists the factories, one line per area, and assembleAreas
 * (../areas.ts) builds and merges them. A new area is a module plus one line there.
 * Every method reads and writes through the one context (context.ts); index.ts wraps
 * the store so that driver timeouts answer STORE_BUSY (timeouts.ts).
 */
import type { Db } from 'mongodb';
import { assembleAreas } from '../areas.ts';
import type { Store } from '../store.ts';
import * as areas from './areas.ts';
import type { MongoContext } from './context.ts';
import { stopEventFeed } from './events.ts';

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
    close: async () => {
      stopEventFeed(ctx);
      await ctx.client.close();
    },
    ...assembleAreas(ctx, areas),
  };
}

/** True for a store this module made (tests reach its database through `db`). */
export const isMongoStore = (store: Store): store is MongoStore =>
  store.kind === 'mongo' && 'db' in store;
