import { relative } from 'node:path';
import type { Store } from '@quickpay/db';
import { openSqliteStoreInDir, SQLITE_FILE_NAME } from '@quickpay/db/sqlite';
import type { ServerConfig } from './env.ts';

/** Opens the configured store: MongoDB when MONGODB_URI is set, else SQLite in DATA_DIR. */
export async function openConfiguredStore(config: ServerConfig, now: () => number): Promise<Store> {
  // MAX_AMOUNT bounds the store as well as the API.
  const options = { now, maxAmount: config.api.maxAmount };
  if (config.mongodbUri !== undefined) {
    // Loaded only when asked for, so the embedded default never loads the MongoDB driver.
    const { openMongoStore } = await import('@quickpay/db/mongo');
    return openMongoStore({ uri: config.mongodbUri, ...options });
  }
  const writer = config.sqliteWriter;
  return openSqliteStoreInDir(config.dataDir, { ...options, ...(writer ? { writer } : {}) });
}

/** One line saying where the data lives, without credentials. */
export function describeStore(config: ServerConfig, cwd = config.startDir): string {
  if (config.mongodbUri !== undefined) {
    const host = config.mongodbUri.replace(/^mongodb(\+srv)?:\/\/([^@/]*@)?/, '').split('/')[0];
    return `mongodb at ${host}`;
  }
  const file = `${config.dataDir}/${SQLITE_FILE_NAME}`;
  const rel = relative(cwd, file);
  return `sqlite at ${rel.startsWith('..') || rel === '' ? file : `./${rel}`}`;
}
