import { userAccount } from '@quickpay/db';
import type { AuthedContext } from '../context.ts';
import { contactView, goalView } from '../shared/views.ts';
import { type AccountFigures, monthRanges } from './dashboard.ts';

/**
 * The dashboard's figures without its 12-month series and recent list: what a page
 * that shows balances, this month and all-time totals needs, from the store's sums
 * (4 indexed sums instead of 26). Every transfer has a positive amount and history is
 * append-only, so the all-time sums also tell whether the history changed.
 */
export interface AccountSummary extends AccountFigures {
  /** The holder, so that one call serves a page (the legacy pages name the user). */
  accountNumber: number;
  fullName: string;
}

export async function summary(ctx: AuthedContext): Promise<AccountSummary> {
  const { user } = ctx.auth;
  const main = userAccount(user.id);
  const { months, allTime } = monthRanges(ctx.now(), ctx.config.timeZone);
  const current = months[months.length - 1];
  if (!current) throw new Error('no current month');
  const [balance, flows, goals, contacts] = await Promise.all([
    ctx.store.getBalance(main),
    ctx.store.flowSums(main, [current.range, allTime]),
    ctx.store.listGoals(user.id),
    ctx.store.listContacts(user.id),
  ]);
  const [month, total] = flows;
  return {
    accountNumber: user.accountNumber,
    fullName: user.fullName,
    balance,
    currency: ctx.config.currency,
    monthIncome: month?.income ?? 0,
    monthExpense: month?.expense ?? 0,
    totalIncome: total?.income ?? 0,
    totalExpense: total?.expense ?? 0,
    savingsTotal: goals.reduce((sum, g) => sum + g.savedAmount, 0),
    goals: goals.slice(0, 4).map(goalView),
    contacts: contacts.slice(0, 4).map(contactView),
  };
}
