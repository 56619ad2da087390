/**
 * `pnpm db:setup`: creates or updates the schema of the store the server would use, as
 * its own step (the server's start only verifies it). MongoDB when MONGODB_URI is set:
 * collections, validators (compared first; collMod only where they differ), indexes
 * (compared first; a build on a large collection runs here, not at start) and seed
 * documents. Else the embedded SQLite ledger `<DATA_DIR>/quickpay.sqlite` (created if
 * missing), migrated to this release. Idempotent: a second run changes nothing.
 * Exit codes: 0 done, 1 done with warnings (a change this user may not make), 2 failed.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { MIGRATIONS, openSqliteStoreInDir, SQLITE_FILE_NAME } from '@quickpay/db/sqlite';
import Database from 'better-sqlite3';

const baseDir = process.env.INIT_CWD ?? process.cwd();
const envFile = resolve(baseDir, '.env');
// Same source of settings as the server; variables already set win.
if (existsSync(envFile)) process.loadEnvFile(envFile);

interface Changes {
  changed: string[];
  warnings: string[];
}

async function setupMongo(uri: string): Promise<Changes> {
  // Loaded only here, as the server does, so SQLite users never load the driver.
  const { runMongoSetup } = await import('@quickpay/db/mongo');
  const out = await runMongoSetup({ uri });
  console.log(`MongoDB ${out.where}`);
  return out;
}

/** The embedded ledger: created if missing and migrated (what the server's start does too). */
async function setupSqlite(): Promise<Changes> {
  const dataDir = process.env.DATA_DIR?.trim() || './data';
  const dir = isAbsolute(dataDir) ? dataDir : resolve(baseDir, dataDir);
  const file = resolve(dir, SQLITE_FILE_NAME);
  let before = 0;
  if (existsSync(file)) {
    const db = new Database(file, { readonly: true });
    before = Number(db.pragma('user_version', { simple: true }));
    db.close();
  }
  await openSqliteStoreInDir(dir).close();
  console.log(`SQLite ledger ${file}`);
  const after = MIGRATIONS.length;
  return { changed: before === after ? [] : [`schema v${before} -> v${after}`], warnings: [] };
}

async function main(): Promise<number> {
  const uri = process.env.MONGODB_URI?.trim();
  let out: Changes;
  try {
    out = uri ? await setupMongo(uri) : await setupSqlite();
  } catch (error) {
    console.error(`db:setup: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  for (const line of out.changed) console.log(`  changed: ${line}`);
  for (const line of out.warnings) console.warn(`  WARNING: ${line}`);
  if (out.changed.length === 0 && out.warnings.length === 0) console.log('  nothing to change');
  return out.warnings.length > 0 ? 1 : 0;
}

process.exitCode = await main();
