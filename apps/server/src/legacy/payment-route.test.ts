import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  jsonTypes,
  type LegacyClient,
  type LegacyServer,
  PASSWORD,
  signUp,
  startLegacyServer,
} from './test-helpers.ts';

let s: LegacyServer;
beforeAll(async () => {
  s = await startLegacyServer({ MAX_AMOUNT: '10000000' });
});
afterAll(() => s.close());

const pay = (c: LegacyClient, body: Record<string, unknown>) =>
  c.post('/api/process-payment', { password: PASSWORD, ...body });

async function user(name = 'Asha Rao') {
  const c = s.client();
  const u = await signUp(c, name);
  return { c, ...u };
}

const balanceOf = async (c: LegacyClient) =>
  ((await c.get('/api/profile-data')).body as { balance: number }).balance;

describe('POST /api/process-payment', () => {
  it('deposit answers 200 with message and new_balance as a number in rupees', async () => {
    const { c } = await user();
    const res = await pay(c, { transaction_type: 'deposit', amount: '250.50', note: 'salary' });
    expect(res.status).toBe(200);
    expect(jsonTypes(res.body)).toEqual({ message: 'string', new_balance: 'number' });
    expect(res.body).toEqual({ message: 'Transaction successful!', new_balance: 250.5 });
  });

  it('withdraw, bank_transfer and saving_deposit move the money and report the new balance', async () => {
    const a = await user('Payer One');
    const b = await user('Payee Two');
    await pay(a.c, { transaction_type: 'deposit', amount: 1000 });
    expect((await pay(a.c, { transaction_type: 'withdraw', amount: 100.1 })).body).toEqual({
      message: 'Transaction successful!',
      new_balance: 899.9,
    });
    const sent = await pay(a.c, {
      transaction_type: 'bank_transfer',
      amount: '99.90',
      recipient_account: String(b.userId),
    });
    expect(sent.body).toEqual({ message: 'Transaction successful!', new_balance: 800 });
    expect(await balanceOf(b.c)).toBe(99.9);

    const goal = await a.c.post('/api/savings', {
      itemName: 'Bike',
      targetAmount: 500,
      colorCode: '#22aa88',
      description: 'a bike',
    });
    const { saving_id } = goal.body as { saving_id: string };
    const saved = await pay(a.c, { transaction_type: 'saving_deposit', amount: 50, saving_id });
    expect(saved.body).toEqual({ message: 'Transaction successful!', new_balance: 750 });
    const [listed] = (await a.c.get('/api/savings')).body as { saved_amount: number }[];
    expect(listed?.saved_amount).toBe(50);
  });

  it('keeps the typed note as the description of every kind, goal deposits included', async () => {
    const a = await user('Note Keeper');
    const b = await user('Note Reader');
    await pay(a.c, { transaction_type: 'deposit', amount: '.5', note: 'coins' });
    await pay(a.c, { transaction_type: 'deposit', amount: '300', note: '' });
    await pay(a.c, { transaction_type: 'withdraw', amount: '10', note: 'tea' });
    await pay(a.c, {
      transaction_type: 'bank_transfer',
      amount: '20',
      recipient_account: String(b.userId),
      note: 'rent share',
    });
    const goal = await a.c.post('/api/savings', {
      itemName: 'Phone',
      targetAmount: '900',
      colorCode: 'red',
      description: '',
    });
    const { saving_id } = goal.body as { saving_id: string };
    const saved = await pay(a.c, {
      transaction_type: 'saving_deposit',
      amount: '30',
      saving_id,
      note: 'first instalment',
    });
    expect(saved.status).toBe(200);
    const { transactions } = (await a.c.get('/api/transactions-data')).body as {
      transactions: { type: string; amount: number; description: string }[];
    };
    expect(transactions.map((t) => [t.type, t.amount, t.description])).toEqual([
      ['Deposit', 0.5, 'coins'],
      ['Deposit', 300, ''],
      ['Withdrawal', -10, 'tea'],
      ['Bank Transfer', -20, 'rent share'],
      ['Saving Deposit', -30, 'first instalment'],
    ]);
  });

  it('difference 1: refuses negative, zero, non-finite, over-precise and oversized amounts', async () => {
    const a = await user('Careful Payer');
    const b = await user('Would Be Victim');
    await pay(b.c, { transaction_type: 'deposit', amount: 500 });
    const bad = [
      -100,
      '-100',
      0,
      '0.00',
      'NaN',
      'Infinity',
      '1e3',
      1.005,
      '10.123',
      100_001,
      '',
      null,
      { $gt: 0 },
      [5],
    ];
    for (const amount of bad) {
      const res = await pay(a.c, {
        transaction_type: 'bank_transfer',
        amount,
        recipient_account: b.userId,
      });
      expect([res.status, res.body]).toEqual([400, { error: 'Invalid amount' }]);
    }
    expect(await balanceOf(b.c)).toBe(500);
    expect(await balanceOf(a.c)).toBe(0);
  });

  it('checks the password on every call: 403 Invalid password', async () => {
    const { c } = await user();
    for (const password of ['wrong password 1', '', { $ne: '' }]) {
      const res = await c.post('/api/process-payment', {
        transaction_type: 'deposit',
        amount: 10,
        password,
      });
      expect([res.status, res.body]).toEqual([403, { error: 'Invalid password' }]);
    }
    expect(await balanceOf(c)).toBe(0);
  });

  it('counts as a recent authentication: a payment works long after log-in', async () => {
    const { c } = await user();
    s.advance(10 * 60_000);
    const res = await pay(c, { transaction_type: 'deposit', amount: 10 });
    expect([res.status, res.body]).toEqual([
      200,
      { message: 'Transaction successful!', new_balance: 10 },
    ]);
  });

  it('refuses an overdraft, a self-transfer, an unknown recipient, an unknown goal and an unknown type', async () => {
    const a = await user('Refused Payer');
    await pay(a.c, { transaction_type: 'deposit', amount: 10 });
    const cases: [Record<string, unknown>, number, string][] = [
      [{ transaction_type: 'withdraw', amount: 10.01 }, 400, 'Insufficient funds'],
      [
        { transaction_type: 'bank_transfer', amount: 1, recipient_account: a.userId },
        400,
        'Cannot self-transfer',
      ],
      [
        { transaction_type: 'bank_transfer', amount: 1, recipient_account: 999_999 },
        404,
        'Recipient not found',
      ],
      [{ transaction_type: 'bank_transfer', amount: 1 }, 404, 'Recipient not found'],
      [
        { transaction_type: 'saving_deposit', amount: 1, saving_id: 'sid_nosuchgoal' },
        404,
        'Saving goal not found',
      ],
      [
        { transaction_type: 'saving_deposit', amount: 1, saving_id: 'sid_' },
        404,
        'Saving goal not found',
      ],
      [{ transaction_type: 'refund', amount: 1 }, 400, 'Invalid transaction type'],
      [{ transaction_type: { $ne: 'x' }, amount: 1 }, 400, 'Invalid transaction type'],
    ];
    for (const [body, status, error] of cases) {
      const res = await pay(a.c, body);
      expect([res.status, res.body]).toEqual([status, { error }]);
    }
    expect(await balanceOf(a.c)).toBe(10);
  });

  it("refuses a deposit into another user's goal as not found", async () => {
    const a = await user('Goal Owner');
    const b = await user('Goal Stranger');
    const goal = await a.c.post('/api/savings', {
      itemName: 'Car',
      targetAmount: 10,
      colorCode: '#000',
      description: '',
    });
    await pay(b.c, { transaction_type: 'deposit', amount: 5 });
    const res = await pay(b.c, {
      transaction_type: 'saving_deposit',
      amount: 1,
      saving_id: (goal.body as { saving_id: string }).saving_id,
    });
    expect([res.status, res.body]).toEqual([404, { error: 'Saving goal not found' }]);
  });

  it('needs a session: 401 User not logged in', async () => {
    const res = await pay(s.client(), { transaction_type: 'deposit', amount: 10 });
    expect([res.status, res.body]).toEqual([401, { error: 'User not logged in' }]);
  });

  it('difference 3: concurrent transfers never overdraw and never half-apply', async () => {
    const a = await user('Racing Payer');
    const b = await user('Racing Payee');
    await pay(a.c, { transaction_type: 'deposit', amount: 96 });
    // 10 at once: each payment holds one of the user's 10 password-check slots while
    // argon2 runs, so more at once would be refused by that limit, not by the ledger.
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        pay(a.c, { transaction_type: 'bank_transfer', amount: 12, recipient_account: b.userId }),
      ),
    );
    const ok = results.filter((r) => r.status === 200).length;
    const refused = results.filter((r) => r.status === 400);
    expect(ok).toBe(8);
    expect(refused.map((r) => r.body)).toEqual([
      { error: 'Insufficient funds' },
      { error: 'Insufficient funds' },
    ]);
    expect(await balanceOf(a.c)).toBe(0);
    expect(await balanceOf(b.c)).toBe(96);
    expect((await s.store.verifyLedger()).ok).toBe(true);
  });
});
