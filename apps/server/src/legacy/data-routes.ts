import type { AccountSummary, ApiDeps } from '@quickpay/api';
import { userAccount } from '@quickpay/db';
import { nationalDigits } from '@quickpay/sms';
import type { FastifyInstance } from 'fastify';
import { type LegacyCall, legacyRoute, signedIn } from './call.ts';
import { LegacyError } from './errors.ts';
import { historyCacheFor, withJsonArray } from './history-cache.ts';
import { toMajor } from './money.ts';
import { type TxLike, toLegacyContact, toLegacyGoal, toLegacyTransaction } from './records.ts';

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The most history lines a legacy page gets (difference 11). The old server sent the
 * whole history on every call, so a page's cost grew with every (free) deposit; totals
 * still cover everything, from the store's sums.
 */
export const LEGACY_HISTORY_CAP = 500;

/**
 * The latest LEGACY_HISTORY_CAP lines of an account, oldest first, read from the store
 * in pages of its maximum size. The account number comes from the caller's own
 * summary (a verified session), never from the request.
 */
async function recentTransactions(call: LegacyCall, accountNumber: number): Promise<TxLike[]> {
  const user = await call.deps.store.findUserByAccountNumber(accountNumber);
  if (!user) throw new LegacyError(404, 'User not found');
  const items: TxLike[] = [];
  let cursor: string | null = null;
  do {
    const limit = Math.min(100, LEGACY_HISTORY_CAP - items.length);
    const page = await call.deps.store.listHistory(userAccount(user.id), { limit, cursor });
    for (const e of page.items) {
      items.push({
        id: e.transfer.id,
        kind: e.transfer.kind,
        amount: e.amount,
        note: e.transfer.note,
        createdAt: e.transfer.createdAt,
        counterparty: { name: e.counterparty.label },
      });
    }
    cursor = page.nextCursor;
  } while (cursor !== null && items.length < LEGACY_HISTORY_CAP);
  return items.reverse();
}

/**
 * The history array as JSON text. The summary already read the all-time sums, which
 * identify the history, so an unchanged history costs no store read and no
 * serialization (they were most of a page's cost at 500 lines).
 */
async function transactionsJson(call: LegacyCall, dash: AccountSummary): Promise<string> {
  const cache = historyCacheFor(call.deps.store);
  const key = {
    accountNumber: dash.accountNumber,
    income: dash.totalIncome,
    expense: dash.totalExpense,
  };
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const tz = call.deps.config.timeZone;
  const txs = await recentTransactions(call, dash.accountNumber);
  const json = JSON.stringify(txs.map((t) => toLegacyTransaction(t, dash.accountNumber, tz)));
  cache.set(key, json);
  return json;
}

async function profileData(call: LegacyCall) {
  const { api } = await signedIn(call);
  const me = await api.profile.get();
  const { balance } = await api.account.summary();
  return [
    200,
    {
      user_id: me.accountNumber,
      username: me.fullName,
      balance: toMajor(balance),
      age: me.age,
      // A string always: the old page capitalizes it (a user from the new app may have none).
      gender: me.gender === null ? '' : capitalize(me.gender),
      phoneNumber: Number(nationalDigits(me.phone)),
    },
  ] as const;
}

/** One session check and one API call serve the page. */
async function dashboardData(call: LegacyCall) {
  const dash = await (await signedIn(call)).api.account.summary();
  const tz = call.deps.config.timeZone;
  const acct = dash.accountNumber;
  const head = {
    username: dash.fullName,
    total_balance: toMajor(dash.balance),
    monthly_income: toMajor(dash.monthIncome),
    monthly_outcome: toMajor(dash.monthExpense),
    last_4_savings: dash.goals.slice(0, 4).map((g) => toLegacyGoal(g, acct, tz)),
    last_4_people: dash.contacts.slice(0, 4).map((c) => toLegacyContact(c, acct)),
    // A string, as the old server sent it (typed clients decode it as one).
    userAccountNumber: String(acct),
  };
  return [
    200,
    withJsonArray(head, 'all_transactions', await transactionsJson(call, dash)),
  ] as const;
}

async function transactionsData(call: LegacyCall) {
  const dash = await (await signedIn(call)).api.account.summary();
  const head = {
    username: dash.fullName,
    total_balance: toMajor(dash.balance),
    total_savings: toMajor(dash.savingsTotal),
    total_income: toMajor(dash.totalIncome),
    total_outcome: toMajor(dash.totalExpense),
  };
  return [200, withJsonArray(head, 'transactions', await transactionsJson(call, dash))] as const;
}

export function dataRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/profile-data', legacyRoute(deps, 'data', profileData));
  app.get('/dashboard-data', legacyRoute(deps, 'data', dashboardData));
  app.get('/transactions-data', legacyRoute(deps, 'data', transactionsData));
}
