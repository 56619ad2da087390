import type Database from 'better-sqlite3';

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
