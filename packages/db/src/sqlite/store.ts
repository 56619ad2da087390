/**
 * The embedded store, assembled from its areas. Each area module (users.ts, ledger.ts,
 * goals.ts, contacts.ts, sessions.ts, codes.ts, rate-limits.ts, sms.ts: the same names
 * as in ../mongo) exports a factory `(ctx: SqliteContext) => <Area>` holding that area's
 * Store methods; areas.ts lists the factories, one line per area, and assembleAreas
 * (../areas.ts) builds and merges them. A new area is a module plus one line there.
 *
 * better-sqlite3 is synchronous, so each write transaction runs to completion before
 * anything else can start; area methods are async only so that a thrown DomainError
 * becomes a rejection. Only postTransfer is deferred, to group concurrent transfers
 * into one durable commit (group-commit.ts).
 */
import type Database from 'better-sqlite3';
import { assembleAreas } from '../areas.ts';
import type { Store } from '../store.ts';
import * as areas from './areas.ts';
import type { SqliteConnection, SqliteContext } from './context.ts';
import { stopEventFeed } from './events.ts';
import { GroupCommit, type GroupCommitStats } from './group-commit.ts';
import { createPosting } from './posting.ts';

export interface SqliteStore extends Store {
  readonly kind: 'sqlite';
  readonly db: Database.Database;
  /** How concurrent postTransfer calls were grouped into commits (tests, bench). */
  readonly groupCommitStats: Readonly<GroupCommitStats>;
}

export function createSqliteStore(connection: SqliteConnection): SqliteStore {
  const { db } = connection;
  const posting = createPosting(connection);
  const commits = new GroupCommit(db, posting.post);
  const ctx: SqliteContext = { ...connection, posting, commits };
  return {
    kind: 'sqlite',
    db,
    groupCommitStats: commits.stats,
    ping: async () => {
      db.prepare('SELECT 1').get();
    },
    close: async () => {
      if (!db.open) return;
      commits.close(); // settle what was accepted, refuse what comes after
      stopEventFeed(db);
      db.close();
    },
    ...assembleAreas(ctx, areas),
  };
}
