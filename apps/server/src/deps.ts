import { relative } from 'node:path';
import type { ApiDeps } from '@quickpay/api';
import type { Minor, Store } from '@quickpay/db';
import { openSqliteStoreInDir } from '@quickpay/db/sqlite';
import { type SmsLog, smsSenderFromEnv } from '@quickpay/sms';
import { apiConfigFrom } from './api-config.ts';
import type { ServerConfig } from './env.ts';
import { loadJwtSecret } from './secret.ts';

/** The file name openSqliteStoreInDir uses inside DATA_DIR (for the start-up line only). */
const SQLITE_FILE = 'quickpay.sqlite';

/** Opens the configured store: MongoDB when MONGODB_URI is set, else SQLite in DATA_DIR. */
export async function openConfiguredStore(config: ServerConfig, now: () => number): Promise<Store> {
  const options = { now, ...(config.maxAmount ? { maxAmount: config.maxAmount as Minor } : {}) };
  if (config.mongodbUri !== undefined) {
    // Loaded only when asked for, so the embedded default never loads the MongoDB driver.
    const { openMongoStore } = await import('@quickpay/db/mongo');
    return openMongoStore({ uri: config.mongodbUri, ...options });
  }
  return openSqliteStoreInDir(config.dataDir, options);
}

/** One line saying where the data lives, without credentials. */
export function describeStore(config: ServerConfig, cwd = config.startDir): string {
  if (config.mongodbUri !== undefined) {
    const host = config.mongodbUri.replace(/^mongodb(\+srv)?:\/\/([^@/]*@)?/, '').split('/')[0];
    return `mongodb at ${host}`;
  }
  const rel = relative(cwd, `${config.dataDir}/${SQLITE_FILE}`);
  return `sqlite at ${rel.startsWith('..') || rel === '' ? `${config.dataDir}/${SQLITE_FILE}` : `./${rel}`}`;
}

/**
 * The outbox prints each message so a developer can read codes; in production that would
 * put reset codes and temporary passwords in the log, so only the recipient is printed.
 */
const withheld =
  (log: SmsLog): SmsLog =>
  (line) =>
    log(
      line.replace(
        /^(\[sms outbox\] to \S+) : [\s\S]*$/,
        '$1 : [body withheld in production; see pnpm sms:outbox]',
      ),
    );

/** Everything the API needs, built once at start (`now`: a test clock). The caller closes deps.store. */
export async function createDeps(
  config: ServerConfig,
  log: SmsLog,
  now: () => number = Date.now,
): Promise<ApiDeps> {
  const jwtSecret = loadJwtSecret(config, log);
  const store = await openConfiguredStore(config, now);
  return {
    store,
    sms: smsSenderFromEnv(
      config.twilio,
      store,
      config.nodeEnv === 'production' ? withheld(log) : log,
    ),
    config: apiConfigFrom(config, jwtSecret),
    now,
  };
}
