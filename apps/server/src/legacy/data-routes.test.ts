import { createCaller, createInnerContext } from '@quickpay/api';
import { minor, SYSTEM_ACCOUNT, userAccount } from '@quickpay/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  jsonTypes,
  type LegacyClient,
  type LegacyServer,
  nextPhone,
  PASSWORD,
  signUp,
  startLegacyServer,
} from './test-helpers.ts';

let s: LegacyServer;
beforeAll(async () => {
  s = await startLegacyServer();
});
afterAll(() => s.close());

const TX_TYPES = {
  user_id: 'number',
  transaction_id: 'string',
  name: 'string',
  type: 'string',
  amount: 'number',
  date: 'string',
  description: 'string',
  status: 'string',
};

const pay = (c: LegacyClient, body: Record<string, unknown>) =>
  c.post('/api/process-payment', { password: PASSWORD, ...body });

/** Two users with one of each kind of history line for `a`. */
async function history() {
  const a = s.client();
  const b = s.client();
  const ua = await signUp(a, 'Priya Shah');
  const ub = await signUp(b, 'Dev Patel');
  await pay(a, { transaction_type: 'deposit', amount: 1000, note: 'salary' });
  await pay(a, { transaction_type: 'withdraw', amount: 100 });
  await pay(a, { transaction_type: 'bank_transfer', amount: 50, recipient_account: ub.userId });
  await pay(b, { transaction_type: 'deposit', amount: 30 });
  await pay(b, { transaction_type: 'bank_transfer', amount: 20, recipient_account: ua.userId });
  const goal = (
    await a.post('/api/savings', {
      itemName: 'Trip',
      targetAmount: 500,
      colorCode: '#123456',
      description: 'Goa',
    })
  ).body as { saving_id: string };
  await pay(a, { transaction_type: 'saving_deposit', amount: 70, saving_id: goal.saving_id });
  await a.post('/api/people', {
    contactName: 'Dev',
    contactAccount: ub.userId,
    contactRelation: 'Friend',
  });
  return { a, b, ua, ub, goal };
}

describe('GET /api/profile-data', () => {
  it('answers every field with its JSON type (phoneNumber a number)', async () => {
    const { a, ua } = await history();
    const res = await a.get('/api/profile-data');
    expect(res.status).toBe(200);
    expect(jsonTypes(res.body)).toEqual({
      user_id: 'number',
      username: 'string',
      balance: 'number',
      age: 'number',
      gender: 'string',
      phoneNumber: 'number',
    });
    expect(res.body).toEqual({
      user_id: ua.userId,
      username: 'Priya Shah',
      balance: 800,
      age: 30,
      gender: 'Female',
      phoneNumber: Number(ua.phone),
    });
  });

  it('answers gender as a string even for a user who never gave one (the old page capitalizes it)', async () => {
    // Signed up through the typed API, where gender and age are optional.
    const noCookies = {
      ip: '127.0.0.1',
      userAgent: 'test',
      accessToken: null,
      refreshToken: null,
      keep: () => {},
      forget: () => {},
    };
    const api = createCaller(createInnerContext(s.deps, noCookies, null));
    const { user } = await api.auth.signUp({
      fullName: 'Typed Api User',
      phone: nextPhone(),
      password: PASSWORD,
    });
    const c = s.client();
    await c.post('/api/login', {
      username: 'Typed Api User',
      password: PASSWORD,
      user_id: String(user.accountNumber),
    });
    const res = await c.get('/api/profile-data');
    expect(res.status).toBe(200);
    expect((res.body as { gender: unknown }).gender).toBe('');
  });

  it('needs a session', async () => {
    const res = await s.client().get('/api/profile-data');
    expect([res.status, res.body]).toEqual([401, { error: 'User not logged in' }]);
  });
});

describe('GET /api/dashboard-data', () => {
  it('answers balances, month totals, all transactions in time order, goals and people', async () => {
    const { a, ua, ub, goal } = await history();
    const res = await a.get('/api/dashboard-data');
    expect(res.status).toBe(200);
    expect(jsonTypes(res.body)).toEqual({
      username: 'string',
      total_balance: 'number',
      monthly_income: 'number',
      monthly_outcome: 'number',
      all_transactions: 'array',
      last_4_savings: 'array',
      last_4_people: 'array',
      // A string, as the old server sent it (typed clients decode it as one).
      userAccountNumber: 'string',
    });
    const body = res.body as Record<string, unknown> & {
      all_transactions: Record<string, unknown>[];
    };
    expect(body).toMatchObject({
      username: 'Priya Shah',
      total_balance: 800,
      monthly_income: 1020,
      monthly_outcome: -220,
      userAccountNumber: String(ua.userId),
    });
    for (const t of body.all_transactions) expect(jsonTypes(t)).toEqual(TX_TYPES);
    expect(body.all_transactions.map((t) => [t.name, t.type, t.amount])).toEqual([
      ['Deposit', 'Deposit', 1000],
      ['Withdrawal', 'Withdrawal', -100],
      ['Transfer to Dev Patel', 'Bank Transfer', -50],
      ['Transfer from Dev Patel', 'Bank Transfer', 20],
      ['Deposit to Trip', 'Saving Deposit', -70],
    ]);
    expect(body.all_transactions[0]).toMatchObject({
      user_id: ua.userId,
      date: '2026-11-24',
      description: 'salary',
      status: 'Completed',
    });
    expect(body.all_transactions[0]?.transaction_id).toMatch(/^tid_[A-Za-z0-9]+$/);
    expect(body.last_4_savings).toMatchObject([{ saving_id: goal.saving_id, saved_amount: 70 }]);
    expect(body.last_4_people).toMatchObject([
      { name: 'Dev', account_id: ub.userId, full_account_number: `3594 1899 3455 ${ub.userId}` },
    ]);
  });

  it('shows only the 4 most recently created goals and people', async () => {
    const a = s.client();
    await signUp(a, 'Many Things');
    for (let i = 1; i <= 5; i++) {
      const other = s.client();
      const u = await signUp(other, `Payee ${i}`);
      await a.post('/api/savings', {
        itemName: `Goal ${i}`,
        targetAmount: i,
        colorCode: '#000',
        description: '',
      });
      await a.post('/api/people', {
        contactName: `P${i}`,
        contactAccount: u.userId,
        contactRelation: '',
      });
      s.advance(1000);
    }
    const body = (await a.get('/api/dashboard-data')).body as {
      last_4_savings: { name: string }[];
      last_4_people: { name: string }[];
    };
    expect(body.last_4_savings.map((g) => g.name)).toEqual([
      'Goal 5',
      'Goal 4',
      'Goal 3',
      'Goal 2',
    ]);
    expect(body.last_4_people.map((p) => p.name)).toEqual(['P5', 'P4', 'P3', 'P2']);
  });

  it('needs a session', async () => {
    const res = await s.client().get('/api/dashboard-data');
    expect([res.status, res.body]).toEqual([401, { error: 'User not logged in' }]);
  });
});

describe('GET /api/transactions-data', () => {
  it('answers all-time totals, the savings total and every transaction', async () => {
    const { a } = await history();
    const res = await a.get('/api/transactions-data');
    expect(res.status).toBe(200);
    expect(jsonTypes(res.body)).toEqual({
      username: 'string',
      total_balance: 'number',
      total_savings: 'number',
      total_income: 'number',
      total_outcome: 'number',
      transactions: 'array',
    });
    const body = res.body as { transactions: unknown[] };
    expect(body).toMatchObject({
      username: 'Priya Shah',
      total_balance: 800,
      total_savings: 70,
      total_income: 1020,
      total_outcome: -220,
    });
    expect(body.transactions).toHaveLength(5);
    for (const t of body.transactions) expect(jsonTypes(t)).toEqual(TX_TYPES);
  });

  it('lists more than one page of history (over 100 lines)', async () => {
    const a = s.client();
    const { userId } = await signUp(a, 'Busy Bee');
    // Through the store: 105 legacy payments would be 105 password hashes.
    const user = await s.store.findUserByAccountNumber(userId);
    if (!user) throw new Error('no user');
    for (let i = 0; i < 105; i++) {
      await s.store.postTransfer({
        kind: 'deposit',
        debit: SYSTEM_ACCOUNT,
        credit: userAccount(user.id),
        amount: minor(1),
        initiatorId: user.id,
        idempotencyKey: `busy-${i}`,
      });
    }
    const body = (await a.get('/api/transactions-data')).body as {
      transactions: unknown[];
      total_income: number;
    };
    expect(body.transactions).toHaveLength(105);
    expect(body.total_income).toBe(1.05);
  });

  it('needs a session', async () => {
    const res = await s.client().get('/api/transactions-data');
    expect([res.status, res.body]).toEqual([401, { error: 'User not logged in' }]);
  });
});

describe('legacy session renewal', () => {
  it('keeps a legacy browser logged in after the access token expires (refresh cookie)', async () => {
    const a = s.client();
    await signUp(a, 'Long Session');
    s.advance(16 * 60_000);
    const res = await a.get('/api/profile-data');
    expect(res.status).toBe(200);
    expect((await a.get('/api/savings')).status).toBe(200);
  });
});

describe('legacy session renewal under a page load', () => {
  it('renews once when a page fires several requests with an expired access token', async () => {
    const a = s.client();
    await signUp(a, 'Parallel Page');
    s.advance(16 * 60_000);
    const all = await Promise.all([
      a.get('/api/profile-data'),
      a.get('/api/dashboard-data'),
      a.get('/api/savings'),
      a.get('/api/people'),
    ]);
    expect(all.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect((await a.get('/api/profile-data')).status).toBe(200);
  });
});
