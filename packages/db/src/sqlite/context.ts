import type Database from 'better-sqlite3';
import type { LedgerAccountId, TransferId } from '../ids.ts';
import type { Minor } from '../money.ts';
import type { AccountTotals, PostedTransfer, PostTransferInput, Transfer } from '../types.ts';
import type { GroupCommit } from './group-commit.ts';

/** The open database and the store's settings. */
export interface SqliteConnection {
  db: Database.Database;
  now: () => number;
  maxAmount: Minor;
}

/**
 * The posting core (posting.ts): synchronous, run inside the caller's write transaction,
 * so an area can post as one step of its own transaction (a goal's refund does).
 */
export interface Posting {
  post(input: PostTransferInput): PostedTransfer;
  getTransfer(id: TransferId): Transfer | null;
  getBalance(account: LedgerAccountId): Minor;
  getAccountTotals(account: LedgerAccountId): AccountTotals;
}

/** What every area factory of the SQLite store receives (store.ts builds it once). */
export interface SqliteContext extends SqliteConnection {
  posting: Posting;
  /** postTransfer calls, grouped into one durable commit per tick. */
  commits: GroupCommit<PostTransferInput, PostedTransfer>;
}
