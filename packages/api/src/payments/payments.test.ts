import { minor, userAccount } from '@quickpay/db';
import { ALERTS_PAUSED, DEFAULT_RECIPIENT_CAP } from '@quickpay/sms';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInnerContext, type TransferCommitted } from '../context.ts';
import { createCaller } from '../root.ts';
import { createMoneyTest, key, type MoneyTest, refusal } from '../testing/members.ts';

let t: MoneyTest;
beforeEach(() => {
  t = createMoneyTest();
});
afterEach(() => t.close());

const balanceOf = (userId: string) => t.store.getBalance(userAccount(userId));
const alertsTo = async (phone: string) =>
  (await t.store.listSms({ to: phone })).filter((m) => m.purpose === 'alert');
const historyOf = async (userId: string) =>
  (await t.store.listHistory(userAccount(userId), { limit: 100 })).items.map((e) => e.transfer.id);

describe('payments.deposit / withdraw', () => {
  it('deposit credits the balance and returns the transfer from the caller view', async () => {
    const { user, api } = await t.user();
    const res = await api.payments.deposit({
      amount: 250_00,
      note: '  salary ',
      idempotencyKey: key(),
    });
    expect(res.balance).toBe(250_00);
    expect(res.replayed).toBe(false);
    expect(res.transfer).toMatchObject({
      kind: 'deposit',
      amount: 250_00,
      balanceAfter: 250_00,
      note: 'salary',
      counterparty: { type: 'cash', accountNumber: null },
      createdAt: new Date(t.clock.now()).toISOString(),
    });
    expect(await balanceOf(user.id)).toBe(250_00);
  });

  it('withdraw debits the balance and shows a negative amount', async () => {
    const { user, api } = await t.user('Asha Rao', { balance: 100_00 });
    const res = await api.payments.withdraw({ amount: 40_00, idempotencyKey: key() });
    expect(res.transfer).toMatchObject({ kind: 'withdrawal', amount: -40_00, balanceAfter: 60_00 });
    expect(res.balance).toBe(60_00);
    expect(await balanceOf(user.id)).toBe(60_00);
  });

  it('withdraw refuses an amount above the balance and changes nothing', async () => {
    const { user, api } = await t.user('Asha Rao', { balance: 100_00 });
    const before = await historyOf(user.id);
    const r = await refusal(api.payments.withdraw({ amount: 100_01, idempotencyKey: key() }));
    expect(r).toMatchObject({ code: 'PRECONDITION_FAILED', domainCode: 'INSUFFICIENT_FUNDS' });
    expect(await balanceOf(user.id)).toBe(100_00);
    expect(await historyOf(user.id)).toEqual(before);
  });

  it.each([
    ['zero', 0],
    ['negative', -5_00],
    ['fractional', 1.5],
    ['above the maximum', 10_000_000_01],
    ['unsafe', 2 ** 53],
  ])('refuses a %s amount with INVALID_AMOUNT and changes nothing', async (_name, amount) => {
    const { user, api } = await t.user('Asha Rao', { balance: 100_00 });
    for (const call of [api.payments.deposit, api.payments.withdraw]) {
      const r = await refusal(call({ amount, idempotencyKey: key() }));
      expect(r).toMatchObject({ code: 'BAD_REQUEST', domainCode: 'INVALID_AMOUNT' });
    }
    expect(await balanceOf(user.id)).toBe(100_00);
    expect(await historyOf(user.id)).toHaveLength(1);
  });

  it('refuses a string amount, a bad idempotency key and a long note as bad input', async () => {
    const { user, api } = await t.user('Asha Rao', { balance: 100_00 });
    const bad = [
      { amount: '100', idempotencyKey: key() },
      { amount: 100, idempotencyKey: 'short' },
      { amount: 100, idempotencyKey: 'has spaces in it' },
      { amount: 100, idempotencyKey: 'k'.repeat(129) },
      { amount: 100, idempotencyKey: key(), note: 'n'.repeat(141) },
      { amount: 100 },
    ];
    for (const input of bad) {
      // @ts-expect-error deliberately malformed input
      const r = await refusal(api.payments.deposit(input));
      expect(r.code).toBe('BAD_REQUEST');
    }
    expect(await balanceOf(user.id)).toBe(100_00);
  });

  it('enforces the configured maximum even when the store would allow more', async () => {
    await t.close();
    t = createMoneyTest({ maxAmount: minor(1_000_00) });
    const { user, api } = await t.user();
    const r = await refusal(api.payments.deposit({ amount: 1_000_01, idempotencyKey: key() }));
    expect(r.domainCode).toBe('INVALID_AMOUNT');
    expect(await balanceOf(user.id)).toBe(0);
  });

  it('the maximum amount itself is accepted', async () => {
    const { api } = await t.user();
    const res = await api.payments.deposit({ amount: t.config.maxAmount, idempotencyKey: key() });
    expect(res.balance).toBe(t.config.maxAmount);
  });
});

describe('payments.transfer', () => {
  it('moves money between users and shows each side signed', async () => {
    const a = await t.user('Asha Rao', { balance: 500_00 });
    const b = await t.user('Ravi Kumar');
    const res = await a.api.payments.transfer({
      toAccountNumber: b.user.accountNumber,
      amount: 120_00,
      note: 'rent',
      idempotencyKey: key(),
    });
    expect(res).toMatchObject({ balance: 380_00, replayed: false });
    expect(res.transfer).toMatchObject({
      kind: 'transfer',
      amount: -120_00,
      note: 'rent',
      counterparty: { type: 'user', name: 'Ravi Kumar', accountNumber: b.user.accountNumber },
    });
    expect(await balanceOf(a.user.id)).toBe(380_00);
    expect(await balanceOf(b.user.id)).toBe(120_00);
    const seen = await t.store.listHistory(userAccount(b.user.id), {});
    expect(seen.items[0]).toMatchObject({ amount: 120_00, balanceAfter: 120_00 });
  });

  it('refuses an unknown account, a self transfer and insufficient funds, changing nothing', async () => {
    const a = await t.user('Asha Rao', { balance: 50_00 });
    const b = await t.user('Ravi Kumar');
    const cases = [
      [{ toAccountNumber: 999_999, amount: 1_00 }, 'NOT_FOUND', 'ACCOUNT_NOT_FOUND'],
      [{ toAccountNumber: a.user.accountNumber, amount: 1_00 }, 'BAD_REQUEST', 'SELF_TRANSFER'],
      [
        { toAccountNumber: b.user.accountNumber, amount: 50_01 },
        'PRECONDITION_FAILED',
        'INSUFFICIENT_FUNDS',
      ],
      [{ toAccountNumber: b.user.accountNumber, amount: 0 }, 'BAD_REQUEST', 'INVALID_AMOUNT'],
      [{ toAccountNumber: b.user.accountNumber, amount: -10_00 }, 'BAD_REQUEST', 'INVALID_AMOUNT'],
    ] as const;
    for (const [input, code, domainCode] of cases) {
      const r = await refusal(a.api.payments.transfer({ ...input, idempotencyKey: key() }));
      expect(r).toMatchObject({ code, domainCode });
    }
    expect(await balanceOf(a.user.id)).toBe(50_00);
    expect(await balanceOf(b.user.id)).toBe(0);
    expect(await historyOf(a.user.id)).toHaveLength(1);
    expect(await historyOf(b.user.id)).toHaveLength(0);
  });

  it('a replay of the same key and body returns the first transfer and moves nothing', async () => {
    const a = await t.user('Asha Rao', { balance: 500_00 });
    const b = await t.user('Ravi Kumar');
    const input = { toAccountNumber: b.user.accountNumber, amount: 10_00, idempotencyKey: key() };
    const first = await a.api.payments.transfer(input);
    const again = await a.api.payments.transfer(input);
    expect(again).toEqual({ ...first, replayed: true });
    expect(await balanceOf(a.user.id)).toBe(490_00);
    expect(await balanceOf(b.user.id)).toBe(10_00);
  });

  it('the same key with another amount or note is refused as a conflict and changes nothing', async () => {
    const a = await t.user('Asha Rao', { balance: 500_00 });
    const b = await t.user('Ravi Kumar');
    const input = { toAccountNumber: b.user.accountNumber, amount: 10_00, idempotencyKey: key() };
    await a.api.payments.transfer(input);
    for (const changed of [
      { ...input, amount: 11_00 },
      { ...input, note: 'other' },
    ]) {
      const r = await refusal(a.api.payments.transfer(changed));
      expect(r).toMatchObject({ code: 'CONFLICT', domainCode: 'IDEMPOTENCY_CONFLICT' });
    }
    const r = await refusal(
      a.api.payments.withdraw({ amount: 10_00, idempotencyKey: input.idempotencyKey }),
    );
    expect(r.domainCode).toBe('IDEMPOTENCY_CONFLICT');
    expect(await balanceOf(a.user.id)).toBe(490_00);
    expect(await balanceOf(b.user.id)).toBe(10_00);
  });

  it('50 concurrent calls with one key and body create one transfer and all agree', async () => {
    const a = await t.user('Asha Rao', { balance: 500_00 });
    const b = await t.user('Ravi Kumar', { smsAlerts: true });
    const input = { toAccountNumber: b.user.accountNumber, amount: 7_00, idempotencyKey: key() };
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => a.api.payments.transfer(input)),
    );
    const ids = new Set(answers.map((x) => x.transfer.id));
    expect(ids.size).toBe(1);
    expect(answers.filter((x) => !x.replayed)).toHaveLength(1);
    expect(new Set(answers.map((x) => x.balance))).toEqual(new Set([493_00]));
    expect(await balanceOf(a.user.id)).toBe(493_00);
    expect(await balanceOf(b.user.id)).toBe(7_00);
    expect(await alertsTo(b.user.phone)).toHaveLength(1);

    const conflicting = await Promise.allSettled(
      Array.from({ length: 10 }, () => a.api.payments.transfer({ ...input, amount: 8_00 })),
    );
    expect(conflicting.every((x) => x.status === 'rejected')).toBe(true);
    expect(await balanceOf(a.user.id)).toBe(493_00);
    expect(await historyOf(a.user.id)).toHaveLength(2);
    expect((await t.store.verifyLedger()).ok).toBe(true);
  });

  it("another user's key neither replays nor conflicts with the first user's transfer", async () => {
    const a = await t.user('Asha Rao', { balance: 100_00 });
    const b = await t.user('Ravi Kumar', { balance: 100_00 });
    const shared = key();
    const fromA = await a.api.payments.deposit({ amount: 1_00, idempotencyKey: shared });
    const fromB = await b.api.payments.deposit({ amount: 2_00, idempotencyKey: shared });
    expect(fromB.transfer.id).not.toBe(fromA.transfer.id);
    expect(fromB.replayed).toBe(false);
    expect(await balanceOf(a.user.id)).toBe(101_00);
    expect(await balanceOf(b.user.id)).toBe(102_00);
  });
});

describe('payments: who may call', () => {
  it('refuses callers that are not logged in', async () => {
    const b = await t.user('Ravi Kumar');
    const anon = t.caller();
    const calls = [
      anon.payments.deposit({ amount: 1_00, idempotencyKey: key() }),
      anon.payments.withdraw({ amount: 1_00, idempotencyKey: key() }),
      anon.payments.transfer({
        toAccountNumber: b.user.accountNumber,
        amount: 1_00,
        idempotencyKey: key(),
      }),
    ];
    // Refusals are awaited one by one below; mark them handled now (no unhandled rejection).
    for (const c of calls) c.catch(() => {});
    for (const call of calls) {
      expect(await refusal(call)).toMatchObject({
        code: 'UNAUTHORIZED',
        domainCode: 'UNAUTHENTICATED',
      });
    }
  });

  it('asks for the password again once the last proof is older than recentAuthSec', async () => {
    const a = await t.user('Asha Rao', { balance: 100_00 });
    const b = await t.user('Ravi Kumar');
    t.clock.advance(t.config.recentAuthSec * 1000 + 1);
    const calls = [
      a.api.payments.deposit({ amount: 1_00, idempotencyKey: key() }),
      a.api.payments.withdraw({ amount: 1_00, idempotencyKey: key() }),
      a.api.payments.transfer({
        toAccountNumber: b.user.accountNumber,
        amount: 1_00,
        idempotencyKey: key(),
      }),
    ];
    // Refusals are awaited one by one below; mark them handled now (no unhandled rejection).
    for (const c of calls) c.catch(() => {});
    for (const call of calls) {
      expect(await refusal(call)).toMatchObject({
        code: 'FORBIDDEN',
        domainCode: 'REAUTH_REQUIRED',
      });
    }
    expect(await balanceOf(a.user.id)).toBe(100_00);
    expect(await balanceOf(b.user.id)).toBe(0);
  });
});

describe('payments.transfer alerts', () => {
  it('queues one SMS for an opted-in recipient naming masked accounts, never a name', async () => {
    const a = await t.user('Asha Rao', { balance: 500_00 });
    const b = await t.user('Ravi Kumar', { smsAlerts: true });
    await a.api.payments
      .transfer({ toAccountNumber: b.user.accountNumber, amount: 1_250_50, idempotencyKey: key() })
      .catch(() => {});
    await a.api.payments.transfer({
      toAccountNumber: b.user.accountNumber,
      amount: 125_50,
      idempotencyKey: key(),
    });
    const sms = await alertsTo(b.user.phone);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ purpose: 'alert', status: 'pending' });
    const last2 = (n: number) => String(n).slice(-2);
    expect(sms[0]?.body).toBe(
      `Quickpay: account XX${last2(b.user.accountNumber)} credited with ₹125.50 from account XX${last2(a.user.accountNumber)}. Balance: ₹125.50.`,
    );
    expect(sms[0]?.body).not.toMatch(/Asha|Ravi/);
  });

  it('queues nothing for a recipient without alerts, a refused transfer or a replay', async () => {
    const a = await t.user('Asha Rao', { balance: 100_00 });
    const quiet = await t.user('Ravi Kumar');
    const loud = await t.user('Meera Iyer', { smsAlerts: true });
    await a.api.payments.transfer({
      toAccountNumber: quiet.user.accountNumber,
      amount: 1_00,
      idempotencyKey: key(),
    });
    await refusal(
      a.api.payments.transfer({
        toAccountNumber: loud.user.accountNumber,
        amount: 500_00,
        idempotencyKey: key(),
      }),
    );
    const input = { toAccountNumber: loud.user.accountNumber, amount: 1_00, idempotencyKey: key() };
    await a.api.payments.transfer(input);
    await a.api.payments.transfer(input);
    expect(await alertsTo(quiet.user.phone)).toHaveLength(0);
    expect(await alertsTo(loud.user.phone)).toHaveLength(1);
  });

  it('refusals and replays give the recipient alert slot back: the cap counts committed transfers only', async () => {
    const a = await t.user('Asha Rao', { balance: 100_00 });
    const b = await t.user('Ravi Kumar', { smsAlerts: true });
    const to = { toAccountNumber: b.user.accountNumber };
    const replayed = { ...to, amount: 1_00, idempotencyKey: key() };
    await a.api.payments.transfer(replayed);
    for (let i = 0; i < DEFAULT_RECIPIENT_CAP.alertsPerRecipient + 2; i++) {
      await refusal(a.api.payments.transfer({ ...to, amount: 500_00, idempotencyKey: key() }));
      expect((await a.api.payments.transfer(replayed)).replayed).toBe(true);
    }
    for (let i = 1; i < DEFAULT_RECIPIENT_CAP.alertsPerRecipient + 2; i++) {
      await a.api.payments.transfer({ ...to, amount: 1_00, idempotencyKey: key() });
    }
    const bodies = (await alertsTo(b.user.phone)).map((m) => m.body).reverse();
    expect(bodies).toHaveLength(DEFAULT_RECIPIENT_CAP.alertsPerRecipient);
    expect(bodies.map((body) => body.match(/Balance: ₹([\d.]+)\./)?.[1])).toEqual(
      Array.from({ length: DEFAULT_RECIPIENT_CAP.alertsPerRecipient }, (_, i) => `${i + 1}.00`),
    );
    expect(bodies.at(-1)).toContain(ALERTS_PAUSED);
  });

  it('a hook replaces the SMS, runs after the commit, and its failure never fails the transfer', async () => {
    const a = await t.user('Asha Rao', { balance: 100_00 });
    const b = await t.user('Ravi Kumar', { smsAlerts: true });
    const seen: { committed: boolean; balance: number }[] = [];
    const warnings: string[] = [];
    const onTransferCommitted = async (event: TransferCommitted) => {
      const stored = await t.store.getTransfer(event.transfer.id);
      seen.push({ committed: stored !== null, balance: await balanceOf(event.recipient.id) });
      throw new Error('hook down');
    };
    const deps = { store: t.store, sms: t.sms, config: t.config, now: t.clock.now };
    const logger = { warn: (_o: object, msg: string) => warnings.push(msg), error: () => {} };
    const ctx = createInnerContext({ ...deps, onTransferCommitted, logger }, null, {
      user: a.user,
      sessionId: 'test',
      authTime: new Date(t.clock.now()),
    });
    const res = await createCaller(ctx).payments.transfer({
      toAccountNumber: b.user.accountNumber,
      amount: 30_00,
      idempotencyKey: key(),
    });
    expect(res.balance).toBe(70_00);
    expect(seen).toEqual([{ committed: true, balance: 30_00 }]);
    expect(warnings).toEqual(['transfer alert failed']);
    expect(await alertsTo(b.user.phone)).toHaveLength(0);
  });
});
