import { MongoClient } from 'mongodb';
import { clientOptions } from './client-options.ts';
import type { SchemaChanges } from './schema.ts';
import { setupSchema } from './setup.ts';
import { checkServer, databaseName, redactUri, unreachable } from './topology.ts';

/**
 * `pnpm db:setup` for MongoDB: connects (no socket timeout: an index build on a large
 * collection is one long silent command), refuses a standalone server, and applies the
 * schema comparing first. Returns where it ran and what it changed.
 */
export async function runMongoSetup(options: {
  uri: string;
  dbName?: string;
}): Promise<SchemaChanges & { where: string }> {
  const client = new MongoClient(options.uri, clientOptions(options.uri, { longOperations: true }));
  try {
    try {
      await client.connect();
    } catch (e) {
      throw unreachable(options.uri, e);
    }
    const name = databaseName(options.uri, options.dbName, 'quickpay');
    const db = client.db(name);
    const server = await checkServer(db.admin());
    const changes = await setupSchema(db);
    changes.warnings.push(...server);
    return { ...changes, where: `database "${name}" at ${redactUri(options.uri)}` };
  } finally {
    await client.close().catch(() => {});
  }
}
