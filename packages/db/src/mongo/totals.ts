import type { ClientSession, Db, Document } from 'mongodb';
import type { LedgerAccountId } from '../ids.ts';
import { accountNotFound } from '../rules.ts';
import type { AccountTotals } from '../types.ts';
import { collections } from './collections.ts';
import type { MongoContext } from './context.ts';
import { money } from './docs.ts';
import { flowSums } from './history.ts';

/**
 * Lifetime totals on the account (totalIn, totalOut), moved by the posting's own update
 * of the balance: the dashboard reads one document instead of summing the history.
 *
 * Accounts written before the totals existed have no fields. The posting's update is a
 * pipeline that moves a total only where it exists, so such an account never holds a
 * partial total; its totals are summed from the journal on read until `pnpm db:setup`
 * backfills them (backfillTotals).
 */
export function movedWithTotals(delta: number, transferId: string): Document[] {
  const add = (field: string, by: number) => ({
    $cond: [{ $eq: [{ $type: `$${field}` }, 'missing'] }, '$$REMOVE', { $add: [`$${field}`, by] }],
  });
  return [
    {
      $set: {
        balance: { $add: ['$balance', delta] },
        totalIn: add('totalIn', Math.max(delta, 0)),
        totalOut: add('totalOut', Math.max(-delta, 0)),
        lastTransferId: transferId,
      },
    },
  ];
}

/** The fields a new account opens with. */
export const ZERO_TOTALS = { totalIn: 0, totalOut: 0 } as const;

const ALL_TIME = [{ from: new Date(0), to: new Date(8.64e15) }];

export async function getAccountTotals(
  ctx: MongoContext,
  account: LedgerAccountId,
): Promise<AccountTotals> {
  const doc = await ctx.col.ledgerAccounts.findOne({ _id: account });
  if (!doc) throw accountNotFound(account);
  if (typeof doc.totalIn === 'number' && typeof doc.totalOut === 'number') {
    return {
      balance: money(doc.balance),
      income: money(doc.totalIn),
      expense: money(0 - doc.totalOut),
    };
  }
  // Not backfilled yet: the journal's all-time sums (what the dashboard read before).
  const [sums] = await flowSums(ctx, account, ALL_TIME);
  return { balance: money(doc.balance), income: money(0), expense: money(0), ...sums };
}

/**
 * Set-up's backfill: each account without totals gets its journal's sums. Optimistic,
 * not transactional: the totals are written only if the account's lastTransferId is
 * still the one read before summing (each posting changes it), else that account is
 * read again; so a posting racing the backfill is never missed or counted twice.
 */
export async function backfillTotals(db: Db, session?: ClientSession): Promise<number> {
  const col = collections(db);
  let filled = 0;
  const missing = col.ledgerAccounts.find(
    { totalIn: { $exists: false } },
    { projection: { _id: 1 }, ...(session ? { session } : {}) },
  );
  for await (const { _id } of missing) {
    for (let tries = 0; tries < 20; tries++) {
      const doc = await col.ledgerAccounts.findOne({ _id });
      if (!doc || typeof doc.totalIn === 'number') break;
      const sum = async (side: 'credit' | 'debit') => {
        const rows = await col.transfers
          .aggregate([
            { $match: { [`${side}.account`]: _id } },
            { $group: { _id: null, total: { $sum: '$amount' } } },
          ])
          .toArray();
        return Number(rows[0]?.total ?? 0);
      };
      const [totalIn, totalOut] = await Promise.all([sum('credit'), sum('debit')]);
      const unchanged: Document = doc.lastTransferId
        ? { lastTransferId: doc.lastTransferId }
        : { lastTransferId: { $exists: false } };
      const res = await col.ledgerAccounts.updateOne(
        { _id, totalIn: { $exists: false }, ...unchanged },
        { $set: { totalIn, totalOut } },
      );
      if (res.modifiedCount === 1) {
        filled += 1;
        break;
      }
    }
  }
  return filled;
}
