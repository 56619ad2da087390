import type { LedgerAccountId } from '../ids.ts';
import type { LedgerProblem, LedgerReport } from '../types.ts';
import type { MongoContext } from './context.ts';

export interface AccountBalance {
  id: LedgerAccountId;
  type: 'user' | 'goal' | 'system';
  balance: number;
}

export interface JournalSums {
  /** Sum of amounts credited to each account. */
  credits: Map<string, number>;
  /** Sum of amounts debited from each account. */
  debits: Map<string, number>;
}

/**
 * Pure: compares stored balances with the journal (credits - debits) and checks the
 * invariants. `badTransfers` are ids of transfers with amount <= 0 or one account twice.
 */
export function compareLedger(
  accounts: AccountBalance[],
  sums: JournalSums,
  badTransfers: string[],
  transfers: number,
): LedgerReport {
  const problems: LedgerProblem[] = [];
  let total = 0;
  for (const a of accounts) {
    total += a.balance;
    const derived = (sums.credits.get(a.id) ?? 0) - (sums.debits.get(a.id) ?? 0);
    if (a.balance !== derived) {
      problems.push({
        kind: 'balance_mismatch',
        account: a.id,
        stored: a.balance,
        derived,
        message: `${a.id}: stored ${a.balance}, journal says ${derived}`,
      });
    }
    if (a.type !== 'system' && a.balance < 0) {
      problems.push({
        kind: 'negative_balance',
        account: a.id,
        stored: a.balance,
        message: `${a.id} is below zero: ${a.balance}`,
      });
    }
  }
  if (total !== 0) {
    problems.push({ kind: 'nonzero_total', message: `balances sum to ${total}, not 0` });
  }
  for (const id of badTransfers) {
    problems.push({
      kind: 'bad_transfer',
      transferId: id,
      message: `transfer ${id} has a non-positive amount or debits and credits one account`,
    });
  }
  // Journal lines naming an account that does not exist.
  const known = new Set<string>(accounts.map((a) => a.id));
  for (const id of new Set([...sums.credits.keys(), ...sums.debits.keys()])) {
    if (!known.has(id)) {
      problems.push({
        kind: 'balance_mismatch',
        account: id as LedgerAccountId,
        stored: 0,
        derived: (sums.credits.get(id) ?? 0) - (sums.debits.get(id) ?? 0),
        message: `transfers name a missing account ${id}`,
      });
    }
  }
  return { ok: problems.length === 0, accounts: accounts.length, transfers, total, problems };
}

const asNumber = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);

/**
 * Reads balances and journal sums from one snapshot (a snapshot session, MongoDB 5.0+),
 * so transfers committed meanwhile cannot make a healthy ledger look broken.
 */
export async function verifyLedger(ctx: MongoContext): Promise<LedgerReport> {
  const session = ctx.client.startSession({ snapshot: true });
  try {
    const accounts = await ctx.col.ledgerAccounts
      .find({}, { session, projection: { _id: 1, type: 1, balance: 1 } })
      .toArray();
    const sumBy = async (side: 'debit' | 'credit') => {
      const rows = await ctx.col.transfers
        .aggregate([{ $group: { _id: `$${side}.account`, total: { $sum: '$amount' } } }], {
          session,
          allowDiskUse: true,
        })
        .toArray();
      return new Map(rows.map((r) => [String(r._id), asNumber(r.total)]));
    };
    const credits = await sumBy('credit');
    const debits = await sumBy('debit');
    const bad = await ctx.col.transfers
      .find(
        {
          $or: [{ amount: { $lte: 0 } }, { $expr: { $eq: ['$debit.account', '$credit.account'] } }],
        },
        { session, projection: { _id: 1 } },
      )
      .toArray();
    const count = await ctx.col.transfers.countDocuments({}, { session });
    return compareLedger(
      accounts.map((a) => ({ id: a._id, type: a.type, balance: asNumber(a.balance) })),
      { credits, debits },
      bad.map((t) => t._id),
      count,
    );
  } finally {
    await session.endSession();
  }
}
