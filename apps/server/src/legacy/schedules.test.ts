import { runSchedulerPass } from '@quickpay/api';
import { minor, userAccount } from '@quickpay/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  jsonTypes,
  type LegacyServer,
  PASSWORD,
  signUp,
  startLegacyServer,
} from './test-helpers.ts';

let s: LegacyServer;
beforeAll(async () => {
  s = await startLegacyServer();
});
afterAll(() => s.close());

describe('scheduled payments seen through the legacy adapter', () => {
  it("a scheduled transfer is an ordinary line in both users' old dashboard history", async () => {
    const a = s.client();
    const b = s.client();
    const ua = await signUp(a, 'Priya Shah');
    const ub = await signUp(b, 'Dev Patel');
    await a.post('/api/process-payment', {
      password: PASSWORD,
      transaction_type: 'deposit',
      amount: 1000,
    });
    const owner = await s.store.findUserByAccountNumber(ua.userId);
    const payee = await s.store.findUserByAccountNumber(ub.userId);
    if (!owner || !payee) throw new Error('users missing');
    // The legacy clock reads 24 Nov 2026 (UTC): a schedule starting that day is due.
    await s.store.createSchedule({
      ownerId: owner.id,
      kind: 'transfer',
      toAccount: userAccount(payee.id),
      toAccountNumber: payee.accountNumber,
      goalId: null,
      amount: minor(250_00),
      note: 'rent',
      frequency: 'monthly',
      startDate: '2026-11-24',
      endDate: null,
      count: null,
      idempotencyKey: 'legacy-schedule-1',
    });
    expect(await runSchedulerPass(s.deps)).toMatchObject({ paid: 1 });

    type Tx = Record<string, unknown>;
    const aTx = ((await a.get('/api/dashboard-data')).body as { all_transactions: Tx[] })
      .all_transactions;
    const bTx = ((await b.get('/api/dashboard-data')).body as { all_transactions: Tx[] })
      .all_transactions;
    const types = jsonTypes(aTx[0]);
    for (const t of [...aTx, ...bTx]) expect(jsonTypes(t)).toEqual(types);
    expect(aTx.map((t) => [t.name, t.type, t.amount, t.description])).toEqual([
      ['Deposit', 'Deposit', 1000, ''],
      ['Transfer to Dev Patel', 'Bank Transfer', -250, 'rent'],
    ]);
    expect(bTx.map((t) => [t.name, t.type, t.amount])).toEqual([
      ['Transfer from Priya Shah', 'Bank Transfer', 250],
    ]);
  });
});
