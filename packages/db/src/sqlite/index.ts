import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { storeSettings } from '../constants.ts';
import type { StoreOptions } from '../store.ts';
import { migrate } from './migrations.ts';
import { createSqliteStore, type SqliteStore } from './store.ts';

export { GroupCommit, type GroupCommitStats } from './group-commit.ts';
export { MIGRATIONS, migrate } from './migrations.ts';
export {
  LedgerUnavailableError,
  openSqliteLedgerReadOnly,
  schemaRefusal,
} from './read-only.ts';
export { createSqliteStore, type SqliteStore } from './store.ts';
export { verifyLedger } from './verify.ts';

export type SqliteStoreOptions = StoreOptions & {
  /** A file path, or ':memory:' for a private in-memory database. */
  file: string;
};

export const SQLITE_FILE_NAME = 'quickpay.sqlite';

/**
 * Pragmas every connection to the ledger file uses (the bench uses them too):
 * WAL so readers never block the writer; synchronous=FULL so a COMMIT that returned
 * is on disk (an acknowledged transfer survives power loss).
 */
export function applyPragmas(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
}

/** Opens (creating and migrating as needed) the embedded store. */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const db = new Database(options.file);
  try {
    applyPragmas(db);
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return createSqliteStore({ db, ...storeSettings(options) });
}

/** Opens `<dataDir>/quickpay.sqlite`, creating the directory first. */
export function openSqliteStoreInDir(dataDir: string, options: StoreOptions = {}): SqliteStore {
  mkdirSync(dataDir, { recursive: true });
  return openSqliteStore({ ...options, file: join(dataDir, SQLITE_FILE_NAME) });
}
