import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { storeSettings } from '../constants.ts';
import type { StoreOptions } from '../store.ts';
import { migrate } from './migrations.ts';
import { applyPragmas } from './pragmas.ts';
import { createSqliteStore, type SqliteStore } from './store.ts';
import { createWorkerSqliteStore } from './worker-store.ts';

export { GroupCommit, type GroupCommitStats } from './group-commit.ts';
export { MIGRATIONS, migrate } from './migrations.ts';
export { applyPragmas } from './pragmas.ts';
export {
  LedgerUnavailableError,
  openSqliteLedgerReadOnly,
  schemaRefusal,
} from './read-only.ts';
export { createSqliteStore, type SqliteStore } from './store.ts';
export { verifyLedger } from './verify.ts';
export { LOCAL_READS, type WorkerSqliteStore } from './worker-store.ts';

export type SqliteStoreOptions = StoreOptions & {
  /** A file path, or ':memory:' for a private in-memory database. */
  file: string;
  /** Where writes run for a file database (default: SQLITE_WRITER, else SQLITE_WRITER_DEFAULT). */
  writer?: SqliteWriter;
};

/**
 * 'inline': every store method runs on the caller's thread (COMMIT and fsync included).
 * 'worker': writes run in a writer thread and reads on a query-only connection here
 * (worker-store.ts). In-memory databases are private to one connection: always inline.
 */
export type SqliteWriter = 'worker' | 'inline';
export const SQLITE_WRITER_DEFAULT: SqliteWriter = 'worker';

/** The writer mode a store opened with `options` uses. */
export function sqliteWriterMode(options: SqliteStoreOptions): SqliteWriter {
  if (options.file === ':memory:' || options.file === '') return 'inline';
  const chosen = options.writer ?? process.env.SQLITE_WRITER;
  if (chosen === undefined || chosen === '') return SQLITE_WRITER_DEFAULT;
  if (chosen !== 'worker' && chosen !== 'inline') {
    throw new Error(`SQLITE_WRITER must be worker or inline, not ${JSON.stringify(chosen)}`);
  }
  return chosen;
}

export const SQLITE_FILE_NAME = 'quickpay.sqlite';

/** Opens (creating and migrating as needed) the embedded store. */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const mode = sqliteWriterMode(options);
  const db = new Database(options.file);
  try {
    applyPragmas(db);
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  if (mode === 'worker') {
    return createWorkerSqliteStore(db, options.file, options);
  }
  return createSqliteStore({ db, ...storeSettings(options) });
}

/** Opens `<dataDir>/quickpay.sqlite`, creating the directory first. */
export function openSqliteStoreInDir(
  dataDir: string,
  options: Omit<SqliteStoreOptions, 'file'> = {},
): SqliteStore {
  mkdirSync(dataDir, { recursive: true });
  return openSqliteStore({ ...options, file: join(dataDir, SQLITE_FILE_NAME) });
}
