import type { ApiDeps } from '@quickpay/api';
import { nationalDigits } from '@quickpay/sms';
import type { FastifyInstance } from 'fastify';
import { type Api, type LegacyCall, legacyRoute, requireUser } from './call.ts';
import { toMajor } from './money.ts';
import { toLegacyContact, toLegacyGoal, toLegacyTransaction } from './records.ts';

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The whole history of the main account, oldest first (the legacy pages show it all). */
async function allTransactions(api: Api) {
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await api.transactions.list({ limit: 100, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items.reverse();
}

async function profileData(call: LegacyCall) {
  const me = await requireUser(call);
  const { balance } = await call.api.account.dashboard();
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

async function dashboardData(call: LegacyCall) {
  const me = await requireUser(call);
  const tz = call.deps.config.timeZone;
  const [dash, txs] = await Promise.all([call.api.account.dashboard(), allTransactions(call.api)]);
  return [
    200,
    {
      username: me.fullName,
      total_balance: toMajor(dash.balance),
      monthly_income: toMajor(dash.monthIncome),
      monthly_outcome: toMajor(dash.monthExpense),
      all_transactions: txs.map((t) => toLegacyTransaction(t, me.accountNumber, tz)),
      last_4_savings: dash.goals.slice(0, 4).map((g) => toLegacyGoal(g, me.accountNumber, tz)),
      last_4_people: dash.contacts.slice(0, 4).map((c) => toLegacyContact(c, me.accountNumber)),
      userAccountNumber: me.accountNumber,
    },
  ] as const;
}

async function transactionsData(call: LegacyCall) {
  const me = await requireUser(call);
  const tz = call.deps.config.timeZone;
  const [dash, txs] = await Promise.all([call.api.account.dashboard(), allTransactions(call.api)]);
  return [
    200,
    {
      username: me.fullName,
      total_balance: toMajor(dash.balance),
      total_savings: toMajor(dash.savingsTotal),
      total_income: toMajor(dash.totalIncome),
      total_outcome: toMajor(dash.totalExpense),
      transactions: txs.map((t) => toLegacyTransaction(t, me.accountNumber, tz)),
    },
  ] as const;
}

export function dataRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/profile-data', legacyRoute(deps, 'data', profileData));
  app.get('/dashboard-data', legacyRoute(deps, 'data', dashboardData));
  app.get('/transactions-data', legacyRoute(deps, 'data', transactionsData));
}
