/**
 * `pnpm ledger:verify`: re-derives every balance from the journal and reports what
 * does not add up. Checks the same ledger the server would use: MongoDB when MONGODB_URI
 * is set, else `<DATA_DIR>/quickpay.sqlite` (DATA_DIR defaults to ./data), opened
 * read-only; a missing ledger is refused (exit 2), never created and reported OK.
 * A relative DATA_DIR is resolved against the directory pnpm was started in (INIT_CWD),
 * as the server does, since `pnpm --filter` runs this in packages/db.
 * Exit codes: 0 healthy, 1 problems found, 2 the store could not be opened.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { LedgerReport } from '@quickpay/db';
import { openSqliteLedgerReadOnly, SQLITE_FILE_NAME } from '@quickpay/db/sqlite';

const baseDir = process.env.INIT_CWD ?? process.cwd();
const envFile = resolve(baseDir, '.env');
// Same source of settings as the server; variables already set win.
if (existsSync(envFile)) process.loadEnvFile(envFile);

class OpenError extends Error {}

/** What the check needs: a read-only ledger. */
interface Ledger {
  verifyLedger(): Promise<LedgerReport>;
  close(): Promise<void>;
}

/** Loaded by name at run time so this script does not need the MongoDB store to type-check. */
async function openMongo(uri: string): Promise<{ ledger: Ledger; where: string }> {
  const specifier: string = '@quickpay/db/mongo';
  const mod: unknown = await import(specifier);
  const open =
    typeof mod === 'object' && mod !== null && 'openMongoLedgerReadOnly' in mod
      ? mod.openMongoLedgerReadOnly
      : null;
  if (typeof open !== 'function') {
    throw new OpenError('@quickpay/db/mongo has no openMongoLedgerReadOnly');
  }
  const ledger = (await open({ uri })) as Ledger & { where: string };
  return { ledger, where: `mongodb ${ledger.where}` };
}

/**
 * Opens the ledger read-only: nothing is created, migrated or set up, and a missing
 * ledger (a mistyped DATA_DIR or database name) is refused rather than checked empty.
 */
async function openLedger(): Promise<{ ledger: Ledger; where: string }> {
  const uri = process.env.MONGODB_URI?.trim();
  if (uri) return openMongo(uri);
  const dataDir = process.env.DATA_DIR?.trim() || './data';
  const file = join(isAbsolute(dataDir) ? dataDir : resolve(baseDir, dataDir), SQLITE_FILE_NAME);
  if (!existsSync(file))
    throw new OpenError(`no SQLite ledger at ${file} (set DATA_DIR or MONGODB_URI)`);
  return { ledger: openSqliteLedgerReadOnly(file), where: `sqlite ${file}` };
}

function print(report: LedgerReport, where: string): void {
  const out = [
    `Ledger check: ${where}`,
    `  accounts checked  ${report.accounts}`,
    `  transfers         ${report.transfers}`,
    `  sum of balances   ${report.total} (minor units)`,
  ];
  if (report.ok) {
    out.push(
      'OK: every balance equals its journal, no customer balance is negative, the sum is 0.',
    );
  } else {
    out.push(`FAILED: ${report.problems.length} problem(s):`);
    for (const p of report.problems) out.push(`  - [${p.kind}] ${p.message}`);
  }
  console.log(out.join('\n'));
}

async function main(): Promise<number> {
  let opened: { ledger: Ledger; where: string };
  try {
    opened = await openLedger();
  } catch (error) {
    console.error(`ledger:verify: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  try {
    const report = await opened.ledger.verifyLedger();
    print(report, opened.where);
    return report.ok ? 0 : 1;
  } finally {
    await opened.ledger.close();
  }
}

process.exitCode = await main();
