import { MongoClient } from 'mongodb';
import { storeSettings } from '../constants.ts';
import type { LedgerReport } from '../types.ts';
import { clientOptions } from './client-options.ts';
import { collections, NAMES } from './collections.ts';
import type { MongoContext } from './context.ts';
import { KeyedLock } from './lock.ts';
import { assertTransactional, databaseName, redactUri, unreachable } from './topology.ts';
import { type VerifyOptions, verifyLedger } from './verify.ts';

/**
 * Why database `db` holds no ledger to check, or null when it does: both ledger
 * collections exist and a system account is in place (every set-up creates one).
 * Pure, so the refusal is tested without a server.
 */
export function missingLedger(
  where: string,
  collectionNames: readonly string[],
  hasSystemAccount: boolean,
): string | null {
  const absent = [NAMES.ledgerAccounts, NAMES.transfers].filter(
    (n) => !collectionNames.includes(n),
  );
  if (absent.length === 0 && hasSystemAccount) return null;
  const what =
    absent.length > 0 ? `no ${absent.join(' or ')} collection` : 'no system (cash) account';
  return (
    `no Quickpay ledger in ${where} (${what}): is the database name right? ` +
    'A new database is set up with `pnpm db:setup`.'
  );
}

/** Which member the check reads from (VERIFY_READ), from the hello reply. Pure. */
export function readsFrom(hello: { hosts?: unknown; msg?: unknown }): string {
  if (hello.msg === 'isdbgrid') return 'read through mongos (secondaryPreferred, majority)';
  const members = Array.isArray(hello.hosts) ? hello.hosts.length : 0;
  return members > 1
    ? 'read from a secondary (secondaryPreferred, majority; the primary if none is up)'
    : 'read from the primary (no secondary in the set; majority)';
}

/**
 * Opens an existing MongoDB ledger for checking only: no collection, index, validator or
 * seed document is created or changed, and a database without a ledger is refused (a
 * mistyped name would otherwise be created and reported healthy). No socket timeout:
 * one account's legs can be a long read (a cash sub-account's whole history).
 */
export async function openMongoLedgerReadOnly(
  options: { uri: string; dbName?: string } & VerifyOptions,
): Promise<{
  where: string;
  verifyLedger(): Promise<LedgerReport>;
  close(): Promise<void>;
}> {
  const client = new MongoClient(options.uri, clientOptions(options.uri, { longOperations: true }));
  try {
    try {
      await client.connect();
    } catch (e) {
      throw unreachable(options.uri, e);
    }
    const name = databaseName(options.uri, options.dbName, 'quickpay');
    const where = `database "${name}" at ${redactUri(options.uri)}`;
    const db = client.db(name);
    // A replica set, as the store needs; the check reads from a secondary if there is one.
    const hello = await db.admin().command({ hello: 1 });
    assertTransactional(hello);
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    const col = collections(db);
    const system = names.includes(NAMES.ledgerAccounts)
      ? await col.ledgerAccounts.findOne({ type: 'system' }, { projection: { _id: 1 } })
      : null;
    const refusal = missingLedger(where, names, system !== null);
    if (refusal) throw new Error(refusal);
    const ctx: MongoContext = {
      client,
      col,
      ...storeSettings({}),
      locks: new KeyedLock(),
    };
    return {
      where: `${where}, ${readsFrom(hello)}`,
      verifyLedger: () => verifyLedger(ctx, options),
      close: () => client.close(),
    };
  } catch (e) {
    await client.close().catch(() => {});
    throw e;
  }
}
