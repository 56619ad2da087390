import Database from 'better-sqlite3';
import type { LedgerReport } from '../types.ts';
import { MIGRATIONS } from './migrations.ts';
import { verifyLedger } from './verify.ts';

/** The ledger file is missing, empty, or at a schema this code does not check. */
export class LedgerUnavailableError extends Error {
  override readonly name = 'LedgerUnavailableError';
}

/**
 * Why a ledger at schema version `found` cannot be checked by code at `expected`, or
 * null when it can. Pure, so each refusal is tested without a file.
 */
export function schemaRefusal(file: string, found: number, expected: number): string | null {
  if (found === expected) return null;
  if (found === 0) return `${file} is not a Quickpay ledger (it has no schema)`;
  if (found > expected) {
    return `${file} has schema v${found}, newer than this code (v${expected}): use the newer release`;
  }
  return (
    `${file} has schema v${found}, this code expects v${expected}: ` +
    'start the server once (it migrates the embedded store) or run `pnpm db:setup`, then check again'
  );
}

/**
 * Opens an existing SQLite ledger for checking only: read-only, the file must exist,
 * nothing is created or migrated (a mistyped DATA_DIR is refused, never "passes" as an
 * empty ledger).
 */
export function openSqliteLedgerReadOnly(file: string): {
  verifyLedger(): Promise<LedgerReport>;
  close(): Promise<void>;
} {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new LedgerUnavailableError(`no SQLite ledger at ${file} (${reason})`, { cause: e });
  }
  try {
    const found = Number(db.pragma('user_version', { simple: true }));
    const refusal = schemaRefusal(file, found, MIGRATIONS.length);
    if (refusal) throw new LedgerUnavailableError(refusal);
  } catch (e) {
    db.close();
    throw e;
  }
  return {
    // verifyLedger reads in one transaction: balances and journal are one snapshot.
    verifyLedger: async () => verifyLedger(db),
    close: async () => {
      db.close();
    },
  };
}
