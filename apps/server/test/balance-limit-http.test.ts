import { randomUUID } from 'node:crypto';
import { minor, SYSTEM_ACCOUNT, userAccount } from '@quickpay/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LegacyServer,
  PASSWORD,
  signUp,
  startLegacyServer,
} from '../src/legacy/test-helpers.ts';

/**
 * Issue 11, item 8: no posting may take a balance past Number.MAX_SAFE_INTEGER. With
 * MAX_AMOUNT at its ceiling (10^13), 900 deposits bring the cash account within one
 * more of the limit; the next is refused over HTTP (412 on the typed API, 400 on the
 * legacy adapter) and the ledger stays exact.
 */

const MAX = 10_000_000_000_000;
let s: LegacyServer;
beforeAll(async () => {
  s = await startLegacyServer({ MAX_AMOUNT: String(MAX) });
});
afterAll(() => s.close());

describe('a deposit that would pass the safe-integer limit', () => {
  it('is 412 BALANCE_LIMIT on tRPC and 400 on the legacy adapter; nothing moves', async () => {
    const c = s.client();
    const u = await signUp(c);
    const user = await s.store.findUserByPhone(`+91${u.phone}`);
    if (!user) throw new Error('no user');
    const account = userAccount(user.id);
    for (let i = 0; i < 900; i++) {
      await s.store.postTransfer({
        kind: 'deposit',
        debit: SYSTEM_ACCOUNT,
        credit: account,
        amount: minor(MAX),
        initiatorId: user.id,
        idempotencyKey: randomUUID(),
      });
    }
    const before = await s.store.getBalance(account);
    expect(before).toBe(900 * MAX);

    const legacy = await c.post('/api/process-payment', {
      transaction_type: 'deposit',
      amount: String(MAX / 100),
      password: PASSWORD,
    });
    expect([legacy.status, legacy.body]).toEqual([400, { error: 'Invalid amount' }]);

    const login = await fetch(`${s.url}/trpc/auth.logIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountNumber: u.userId, password: PASSWORD }),
    });
    const token = ((await login.json()) as { result: { data: { accessToken: string } } }).result
      .data.accessToken;
    const typed = await fetch(`${s.url}/trpc/payments.deposit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ amount: MAX, idempotencyKey: randomUUID() }),
    });
    const body = (await typed.json()) as { error: { data: { code: string; domainCode?: string } } };
    expect(typed.status).toBe(412);
    expect(body.error.data).toMatchObject({
      code: 'PRECONDITION_FAILED',
      domainCode: 'BALANCE_LIMIT',
    });

    expect(await s.store.getBalance(account)).toBe(before);
    expect((await s.store.verifyLedger()).ok).toBe(true);
    // What still fits is accepted: the cash account ends exactly at the limit.
    const rest = Number.MAX_SAFE_INTEGER - 900 * MAX;
    const fits = await c.post('/api/process-payment', {
      transaction_type: 'deposit',
      amount: (rest / 100).toFixed(2),
      password: PASSWORD,
    });
    expect(fits.status).toBe(200);
    expect(await s.store.getBalance(account)).toBe(Number.MAX_SAFE_INTEGER);
  });
});
