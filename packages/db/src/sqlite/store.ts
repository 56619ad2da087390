/**
 * The embedded store, assembled from its areas. Each area module (users.ts, ledger.ts,
 * goals.ts, ...; the same file names as in ../mongo) exports a factory
 * `(ctx: SqliteContext) => <Area>` (../areas.ts) holding that area's Store methods, and
 * the store is their spread: a new area is one line below (tsc checks Store is covered).
 *
 * better-sqlite3 is synchronous, so each write transaction runs to completion before
 * anything else can start; area methods are async only so that a thrown DomainError
 * becomes a rejection. Only postTransfer is deferred, to group concurrent transfers
 * into one durable commit (group-commit.ts).
 */
import type Database from 'better-sqlite3';
import type { Store } from '../store.ts';
import { codes } from './codes.ts';
import { contacts } from './contacts.ts';
import type { SqliteConnection, SqliteContext } from './context.ts';
import { events, stopEventFeed } from './events.ts';
import { goals } from './goals.ts';
import { GroupCommit, type GroupCommitStats } from './group-commit.ts';
import { ledger } from './ledger.ts';
import { createPosting } from './posting.ts';
import { rateLimits } from './rate-limits.ts';
import { requests } from './requests.ts';
import { sessions } from './sessions.ts';
import { sms } from './sms.ts';
import { users } from './users.ts';

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
    ...users(ctx),
    ...ledger(ctx),
    ...goals(ctx),
    ...contacts(ctx),
    ...sessions(ctx),
    ...codes(ctx),
    ...rateLimits(ctx),
    ...sms(ctx),
    ...events(ctx),
    ...requests(ctx),
  };
}
