import { MongoServerError } from 'mongodb';
import type { LedgerReport } from '../types.ts';
import type { MongoContext } from './context.ts';
import { type AccountBalance, JournalScan, type JournalTransfer } from './verify-scan.ts';

const asNumber = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);

export const SNAPSHOT = { level: 'snapshot' } as const;

/**
 * Re-derives every balance from the transfers and checks the invariants (verify-scan.ts).
 * Balances and journal are read from one snapshot (a snapshot session, MongoDB 5.0+), so
 * transfers committed meanwhile cannot make a healthy ledger look broken. The journal is
 * streamed once; the scan keeps one small leg per transfer side in memory.
 */
export async function verifyLedger(ctx: MongoContext): Promise<LedgerReport> {
  const session = ctx.client.startSession({ snapshot: true });
  // Named on each read: the client's pinned majority read concern would otherwise be
  // sent instead, and the driver adds the session's atClusterTime only to what it
  // finds there (a majority read at a cluster time is refused, or not a snapshot).
  const readConcern = SNAPSHOT;
  try {
    const accounts = await ctx.col.ledgerAccounts
      .find({}, { session, readConcern, projection: { _id: 1, type: 1, balance: 1 } })
      .toArray();
    const scan = new JournalScan();
    const cursor = ctx.col.transfers.find(
      {},
      {
        session,
        readConcern,
        projection: {
          _id: 1,
          amount: 1,
          'debit.account': 1,
          'debit.balanceAfter': 1,
          'credit.account': 1,
          'credit.balanceAfter': 1,
        },
      },
    );
    for await (const t of cursor) scan.add(t as JournalTransfer);
    const balances: AccountBalance[] = accounts.map((a) => ({
      id: a._id,
      type: a.type,
      balance: asNumber(a.balance),
    }));
    return scan.report(balances);
  } catch (e) {
    throw explainSnapshotError(e);
  } finally {
    await session.endSession();
  }
}

const SNAPSHOT_TOO_OLD = 239;

/**
 * A scan longer than the server keeps snapshot history (minSnapshotHistoryWindowInSeconds,
 * 300 s by default) fails with SnapshotTooOld; say what that means for this check.
 */
export function explainSnapshotError(e: unknown): unknown {
  if (!(e instanceof MongoServerError && e.code === SNAPSHOT_TOO_OLD)) return e;
  return new Error(
    'the ledger check read its snapshot for longer than the server keeps snapshot history: ' +
      'raise minSnapshotHistoryWindowInSeconds (setParameter) for the check, or run it ' +
      'when the server is less busy',
    { cause: e },
  );
}
