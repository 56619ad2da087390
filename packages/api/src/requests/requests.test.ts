import { userAccount } from '@quickpay/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMoneyTest, key, type MoneyTest, refusal } from '../testing/members.ts';

let t: MoneyTest;
beforeEach(() => {
  t = createMoneyTest({ live: { requestsPerRequester: { limit: 3, windowMs: 60_000 } } });
});
afterEach(() => t.close());

const DAY = 24 * 3600 * 1000;

async function pair() {
  const asha = await t.user('Asha Kumari Rao');
  const ravi = await t.user('Ravi Kumar', { balance: 100_00 });
  const ask = (extra: Record<string, unknown> = {}) =>
    asha.api.requests.create({
      fromAccountNumber: ravi.user.accountNumber,
      amount: 25_00,
      note: 'dinner',
      idempotencyKey: key(),
      ...extra,
    });
  return { asha, ravi, ask };
}

// Sign-ups hash passwords (argon2): generous under a loaded machine.
describe('requests', { timeout: 30_000 }, () => {
  it('create asks an account for money; both sides list it with masked names', async () => {
    const { asha, ravi, ask } = await pair();
    const r = await ask({ expiresInDays: 3 });
    expect(r).toMatchObject({
      amount: 25_00,
      note: 'dinner',
      status: 'pending',
      direction: 'outgoing',
      requester: { accountNumber: asha.user.accountNumber, maskedName: 'Asha R.' },
      payer: { accountNumber: ravi.user.accountNumber, maskedName: 'Ravi K.' },
      expiresAt: new Date(t.clock.now() + 3 * DAY).toISOString(),
    });
    const incoming = await ravi.api.requests.list({ direction: 'incoming' });
    expect(incoming.items.map((i) => [i.id, i.direction])).toEqual([[r.id, 'incoming']]);
    expect((await asha.api.requests.list({ direction: 'outgoing' })).items).toHaveLength(1);
    expect((await asha.api.requests.list({ direction: 'incoming' })).items).toHaveLength(0);
  });

  it('create asks a payee by contact id too, and defaults to a 7-day expiry', async () => {
    const { asha, ravi } = await pair();
    const c = await asha.api.contacts.add({
      accountNumber: ravi.user.accountNumber,
      nickname: 'R',
    });
    const r = await asha.api.requests.create({
      contactId: c.id,
      amount: 1_00,
      idempotencyKey: key(),
    });
    expect(r.payer.accountNumber).toBe(ravi.user.accountNumber);
    expect(r.expiresAt).toBe(new Date(t.clock.now() + 7 * DAY).toISOString());
  });

  it.each([
    ['expiry 0 days', { expiresInDays: 0 }, 'BAD_REQUEST', null],
    ['expiry 31 days', { expiresInDays: 31 }, 'BAD_REQUEST', null],
    ['amount 0', { amount: 0 }, 'BAD_REQUEST', 'INVALID_AMOUNT'],
    ['a fraction', { amount: 1.5 }, 'BAD_REQUEST', 'INVALID_AMOUNT'],
    ['an unknown account', { fromAccountNumber: 999_999 }, 'NOT_FOUND', 'ACCOUNT_NOT_FOUND'],
  ])('create refuses %s', async (_name, extra, code, domainCode) => {
    const { ravi, ask } = await pair();
    expect(await refusal(ask(extra))).toMatchObject({ code, domainCode });
    expect((await ravi.api.requests.list({ direction: 'incoming' })).items).toHaveLength(0);
  });

  it('create refuses oneself, and a payer who turned requests off', async () => {
    const { asha, ravi, ask } = await pair();
    expect(await refusal(ask({ fromAccountNumber: asha.user.accountNumber }))).toMatchObject({
      domainCode: 'SELF_TRANSFER',
    });
    expect(await ravi.api.requests.setEnabled({ enabled: false })).toEqual({ enabled: false });
    expect(await ravi.api.requests.settings()).toEqual({ enabled: false });
    expect(await refusal(ask())).toMatchObject({ code: 'FORBIDDEN', domainCode: 'REQUESTS_OFF' });
  });

  it('create is rate limited per requester', async () => {
    const { ask } = await pair();
    for (let i = 0; i < 3; i++) await ask();
    expect(await refusal(ask())).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  it('pay moves the money once; the same key replays; another key is a conflict', async () => {
    const { asha, ravi, ask } = await pair();
    const r = await ask();
    const k = key();
    const paid = await ravi.api.requests.pay({ requestId: r.id, idempotencyKey: k });
    expect(paid).toMatchObject({
      request: { status: 'paid', direction: 'incoming' },
      transfer: { amount: -25_00, kind: 'transfer' },
      balance: 75_00,
      replayed: false,
    });
    const again = await ravi.api.requests.pay({ requestId: r.id, idempotencyKey: k });
    expect(again).toMatchObject({ replayed: true, transfer: { id: paid.transfer.id } });
    const other = await refusal(ravi.api.requests.pay({ requestId: r.id, idempotencyKey: key() }));
    expect(other).toMatchObject({ code: 'CONFLICT', domainCode: 'REQUEST_NOT_PENDING' });
    expect(await t.store.getBalance(userAccount(asha.user.id))).toBe(25_00);
  });

  it('pay queues the requester alert with the payment (opted in); a replay or refusal queues none', async () => {
    const { asha, ravi, ask } = await pair();
    await t.store.updateUser(asha.user.id, { smsAlerts: true });
    const r = await ask();
    const k = key();
    await ravi.api.requests.pay({ requestId: r.id, idempotencyKey: k });
    await ravi.api.requests.pay({ requestId: r.id, idempotencyKey: k });
    await refusal(ravi.api.requests.pay({ requestId: r.id, idempotencyKey: key() }));
    const alerts = (await t.store.listSms({ to: asha.user.phone })).filter(
      (m) => m.purpose === 'alert',
    );
    const last2 = (n: number) => String(n).slice(-2);
    expect(alerts.map((m) => [m.status, m.body])).toEqual([
      [
        'pending',
        `Quickpay: account XX${last2(asha.user.accountNumber)} credited with ₹25.00 from account XX${last2(ravi.user.accountNumber)}. Balance: ₹25.00.`,
      ],
    ]);
    // Nothing for the payer, who has alerts off.
    expect(await t.store.listSms({ to: ravi.user.phone })).toEqual([]);
  });

  it('20 concurrent pays with different keys make one transfer', async () => {
    const { asha, ravi, ask } = await pair();
    const r = await ask();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        ravi.api.requests.pay({ requestId: r.id, idempotencyKey: key() }),
      ),
    );
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    expect(await t.store.getBalance(userAccount(asha.user.id))).toBe(25_00);
    expect(await t.store.getBalance(userAccount(ravi.user.id))).toBe(75_00);
  });

  it('pay needs a recent password proof', async () => {
    const { ravi, ask } = await pair();
    const r = await ask();
    t.clock.advance(t.config.recentAuthSec * 1000 + 1);
    const res = await refusal(ravi.api.requests.pay({ requestId: r.id, idempotencyKey: key() }));
    expect(res).toMatchObject({ code: 'FORBIDDEN', domainCode: 'REAUTH_REQUIRED' });
  });

  it('only the payer pays or declines, only the requester cancels, strangers see nothing', async () => {
    const { asha, ravi, ask } = await pair();
    const eve = await t.user('Eve Stranger');
    const r = await ask();
    const as = (x: typeof asha) => x.api.requests;
    expect(await refusal(as(asha).pay({ requestId: r.id, idempotencyKey: key() }))).toMatchObject({
      code: 'FORBIDDEN',
      domainCode: 'REQUEST_FORBIDDEN',
    });
    expect(await refusal(as(asha).decline({ requestId: r.id }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await refusal(as(ravi).cancel({ requestId: r.id }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    for (const call of [
      () => as(eve).get({ requestId: r.id }),
      () => as(eve).decline({ requestId: r.id }),
      () => as(eve).cancel({ requestId: r.id }),
      () => as(eve).pay({ requestId: r.id, idempotencyKey: key() }),
    ]) {
      expect(await refusal(call())).toMatchObject({
        code: 'NOT_FOUND',
        domainCode: 'REQUEST_NOT_FOUND',
      });
    }
  });

  it('decline and cancel end a request; a declined one cannot be paid', async () => {
    const { asha, ravi, ask } = await pair();
    const a = await ask();
    expect((await ravi.api.requests.decline({ requestId: a.id })).status).toBe('declined');
    const res = await refusal(ravi.api.requests.pay({ requestId: a.id, idempotencyKey: key() }));
    expect(res).toMatchObject({ domainCode: 'REQUEST_NOT_PENDING' });
    const b = await ask();
    expect((await asha.api.requests.cancel({ requestId: b.id })).status).toBe('cancelled');
    const cancelled = await ravi.api.requests.list({ direction: 'incoming', status: 'cancelled' });
    expect(cancelled.items.map((i) => i.id)).toEqual([b.id]);
  });

  it('an expired request reads expired and cannot be paid', async () => {
    const { ravi, ask } = await pair();
    const r = await ask({ expiresInDays: 1 });
    t.clock.advance(DAY);
    // A fresh password proof (the day-old token is gone), so only the expiry refuses.
    const fresh = t.as(ravi.user);
    expect((await fresh.requests.get({ requestId: r.id })).status).toBe('expired');
    const res = await refusal(fresh.requests.pay({ requestId: r.id, idempotencyKey: key() }));
    expect(res).toMatchObject({ code: 'PRECONDITION_FAILED', domainCode: 'REQUEST_EXPIRED' });
  });
});
