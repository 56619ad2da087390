import type { LedgerArea } from '../areas.ts';
import { cashSubAccounts } from '../cash.ts';
import { SYSTEM_ACCOUNT } from '../ids.ts';
import { accountNotFound } from '../rules.ts';
import type { MongoContext } from './context.ts';
import { money, toTransfer } from './docs.ts';
import { flowSums, listHistory } from './history.ts';
import { postTransfer } from './posting.ts';
import { getAccountTotals } from './totals.ts';
import { verifyLedger } from './verify.ts';

/** Money: postings (posting.ts), history and flows (history.ts), the check (verify.ts). */
export function ledger(ctx: MongoContext): LedgerArea {
  return {
    async getBalance(account) {
      if (account === SYSTEM_ACCOUNT) {
        // The cash account as a whole: its sub-accounts summed (cash.ts).
        const parts = await ctx.col.ledgerAccounts
          .find({ _id: { $in: cashSubAccounts() } }, { projection: { balance: 1 } })
          .toArray();
        if (parts.length === 0) throw accountNotFound(account);
        return money(parts.reduce((sum, p) => sum + p.balance, 0));
      }
      const doc = await ctx.col.ledgerAccounts.findOne({ _id: account });
      if (!doc) throw accountNotFound(account);
      return money(doc.balance);
    },
    getAccountTotals: (account) => getAccountTotals(ctx, account),
    postTransfer: (input) => postTransfer(ctx, input),
    async getTransfer(id) {
      const doc = await ctx.col.transfers.findOne({ _id: id });
      return doc ? toTransfer(doc) : null;
    },
    listHistory: (account, query) => listHistory(ctx, account, query),
    flowSums: (account, ranges) => flowSums(ctx, account, ranges),
    verifyLedger: () => verifyLedger(ctx),
  };
}
