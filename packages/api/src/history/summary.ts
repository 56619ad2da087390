import { userAccount } from '@quickpay/db';
import type { AuthedContext } from '../context.ts';
import { contactView, goalView } from '../shared/views.ts';
import { type AccountFigures, monthRanges } from './dashboard.ts';

/**
 * The dashboard's figures without its 12-month series and recent list: what a page
 * that shows balances, this month and all-time totals needs: the month from two indexed
 * sums over its range, the balance and all-time totals from one read of the account
 * (kept there by each posting), so the cost does not grow with the history.
 */
export interface AccountSummary extends AccountFigures {
  /** The holder, so that one call serves a page (the legacy pages name the user). */
  accountNumber: number;
  fullName: string;
}

export async function summary(ctx: AuthedContext): Promise<AccountSummary> {
  const { user } = ctx.auth;
  const main = userAccount(user.id);
  const { months } = monthRanges(ctx.now(), ctx.config.timeZone);
  const current = months[months.length - 1];
  if (!current) throw new Error('no current month');
  // The all-time totals are kept on the account (one read), not summed from history.
  const [total, flows, goals, contacts] = await Promise.all([
    ctx.store.getAccountTotals(main),
    ctx.store.flowSums(main, [current.range]),
    ctx.store.listGoals(user.id),
    ctx.store.listContacts(user.id),
  ]);
  const [month] = flows;
  const { balance } = total;
  return {
    accountNumber: user.accountNumber,
    fullName: user.fullName,
    balance,
    currency: ctx.config.currency,
    monthIncome: month?.income ?? 0,
    monthExpense: month?.expense ?? 0,
    totalIncome: total.income,
    totalExpense: total.expense,
    savingsTotal: goals.reduce((sum, g) => sum + g.savedAmount, 0),
    goals: goals.slice(0, 4).map(goalView),
    contacts: contacts.slice(0, 4).map(contactView),
  };
}
