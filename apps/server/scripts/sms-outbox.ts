import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SQLITE_FILE_NAME } from '@quickpay/db/sqlite';
import { loadEnv } from '../src/env.ts';
import { parseOutboxArgs, renderOutbox } from '../src/outbox-cli.ts';
import { openConfiguredStore } from '../src/store.ts';

/**
 * `pnpm sms:outbox [--to <phone>] [--last N]`: the latest SMS messages in the store
 * the server uses (DATA_DIR, or MONGODB_URI), so a developer reads a reset code
 * without a phone. Safe while the server runs (SQLite WAL allows a second reader).
 */
async function main(): Promise<number> {
  const config = loadEnv();
  const args = parseOutboxArgs(process.argv.slice(2), config.api.defaultCountry);
  if (config.mongodbUri === undefined && !existsSync(join(config.dataDir, SQLITE_FILE_NAME))) {
    console.log(`(no store at ${config.dataDir}: start the server once with pnpm start)`);
    return 0;
  }
  const store = await openConfiguredStore(config, Date.now);
  try {
    console.log(await renderOutbox(store, args));
  } finally {
    await store.close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    // One line (a bad variable or argument), never a stack.
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
