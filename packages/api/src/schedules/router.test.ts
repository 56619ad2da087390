import { goalAccount, userAccount } from '@quickpay/db';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { warmPasswordEstimator } from '../auth/password-policy.ts';
import { createMoneyTest, key, type Member, type MoneyTest, refusal } from '../testing/members.ts';
import { runSchedulerPass } from './run.ts';
import { depsOf } from './testing.ts';

// The first sign-up loads the password estimator: not inside a test's 5 s under load.
beforeAll(() => warmPasswordEstimator(), 60_000);

let t: MoneyTest;
beforeEach(() => {
  t = createMoneyTest();
});
afterEach(() => t.close());

const DAY = 86_400_000;
// The harness clock starts at 2025-06-15T12:00Z; TIME_ZONE is UTC here.
const monthly = (to: Member, extra: Record<string, unknown> = {}) => ({
  kind: 'transfer' as const,
  toAccountNumber: to.user.accountNumber,
  amount: 500_00,
  note: 'rent',
  frequency: 'monthly' as const,
  startDate: '2025-07-01',
  idempotencyKey: key(),
  ...extra,
});

describe('schedules.create / list / get', () => {
  it('creates a monthly payment, lists it and gets it with its runs', async () => {
    const a = await t.user('Asha Rao');
    const b = await t.user('Ravi Kumar');
    const s = await a.api.schedules.create(monthly(b));
    expect(s).toMatchObject({
      kind: 'transfer',
      amount: 500_00,
      frequency: 'monthly',
      status: 'active',
      nextRunDate: '2025-07-01',
      toAccountNumber: b.user.accountNumber,
      goalId: null,
      replayed: false,
    });
    expect((await a.api.schedules.list()).items.map((x) => x.id)).toEqual([s.id]);
    expect(await a.api.schedules.get({ scheduleId: s.id })).toMatchObject({ id: s.id, runs: [] });
    expect((await b.api.schedules.list()).items).toEqual([]);
  });

  it('the same key returns the first schedule', async () => {
    const a = await t.user('Asha Rao');
    const b = await t.user('Ravi Kumar');
    const input = monthly(b);
    const first = await a.api.schedules.create(input);
    const again = await a.api.schedules.create(input);
    expect(again).toMatchObject({ id: first.id, replayed: true });
    const r = await refusal(a.api.schedules.create({ ...input, amount: 1 }));
    expect(r).toMatchObject({ code: 'CONFLICT', domainCode: 'IDEMPOTENCY_CONFLICT' });
  });

  it('refuses bad amounts, unknown accounts, others goals and dates out of range, creating nothing', async () => {
    const a = await t.user('Asha Rao');
    const b = await t.user('Ravi Kumar');
    const bGoal = await b.api.savings.create({ name: 'Bike', targetAmount: 1_000_00 });
    const cases: [Record<string, unknown>, string, string | null][] = [
      [{ amount: 0 }, 'BAD_REQUEST', 'INVALID_AMOUNT'],
      [{ amount: -5 }, 'BAD_REQUEST', 'INVALID_AMOUNT'],
      [{ amount: 1.5 }, 'BAD_REQUEST', 'INVALID_AMOUNT'],
      [{ toAccountNumber: 999_999 }, 'NOT_FOUND', 'ACCOUNT_NOT_FOUND'],
      [{ toAccountNumber: a.user.accountNumber }, 'BAD_REQUEST', 'SELF_TRANSFER'],
      [
        { kind: 'goal_deposit', toAccountNumber: undefined, goalId: bGoal.id },
        'NOT_FOUND',
        'GOAL_NOT_FOUND',
      ],
      [{ startDate: '2025-06-14' }, 'BAD_REQUEST', 'INVALID_SCHEDULE'],
      [{ startDate: '2026-07-01' }, 'BAD_REQUEST', 'INVALID_SCHEDULE'],
      [{ endDate: '2025-06-30' }, 'BAD_REQUEST', 'INVALID_SCHEDULE'],
      [{ endDate: '2040-01-01' }, 'BAD_REQUEST', 'INVALID_SCHEDULE'],
      [{ startDate: '2025-02-30' }, 'BAD_REQUEST', null],
      [{ count: 0 }, 'BAD_REQUEST', null],
      [{ toAccountNumber: undefined }, 'BAD_REQUEST', null],
      [{ goalId: bGoal.id }, 'BAD_REQUEST', null],
      [{ frequency: 'daily' }, 'BAD_REQUEST', null],
    ];
    for (const [patch, code, domainCode] of cases) {
      const r = await refusal(a.api.schedules.create({ ...monthly(b), ...patch } as never));
      expect({ patch, ...r }).toMatchObject({ patch, code, domainCode });
    }
    expect((await a.api.schedules.list()).items).toEqual([]);
  });

  it('another user can neither read nor change a schedule', async () => {
    const a = await t.user('Asha Rao');
    const b = await t.user('Ravi Kumar');
    const s = await a.api.schedules.create(monthly(b));
    const input = { scheduleId: s.id };
    // One at a time: a call started before the previous one is awaited would reject
    // with no handler yet (an unhandled rejection).
    for (const call of [
      () => b.api.schedules.get(input),
      () => b.api.schedules.pause(input),
      () => b.api.schedules.resume(input),
      () => b.api.schedules.cancel(input),
      () => b.api.schedules.skipNext(input),
    ]) {
      expect(await refusal(call())).toMatchObject({
        code: 'NOT_FOUND',
        domainCode: 'SCHEDULE_NOT_FOUND',
      });
    }
    expect(await a.api.schedules.get(input)).toMatchObject({ status: 'active' });
  });
});

describe('schedules.pause / resume / cancel / skipNext', () => {
  it('manages a schedule through its life', async () => {
    const a = await t.user('Asha Rao');
    const b = await t.user('Ravi Kumar');
    const s = await a.api.schedules.create(monthly(b));
    const id = { scheduleId: s.id };
    expect(await a.api.schedules.pause(id)).toMatchObject({ status: 'paused' });
    expect(await a.api.schedules.resume(id)).toMatchObject({ status: 'active' });
    expect(await a.api.schedules.skipNext(id)).toMatchObject({ nextRunDate: '2025-08-01' });
    expect((await a.api.schedules.get(id)).runs).toMatchObject([
      { date: '2025-07-01', status: 'skipped', transferId: null },
    ]);
    expect(await a.api.schedules.cancel(id)).toMatchObject({
      status: 'cancelled',
      nextRunDate: null,
    });
    const r = await refusal(a.api.schedules.resume(id));
    expect(r).toMatchObject({ code: 'PRECONDITION_FAILED', domainCode: 'SCHEDULE_ENDED' });
  });
});

describe('scheduled runs in history and on the dashboard', () => {
  it('the dashboard lists the next 7 days; a paid run carries scheduleId in history', async () => {
    const a = await t.user('Asha Rao', { balance: 2_000_00 });
    const b = await t.user('Ravi Kumar');
    const goal = await a.api.savings.create({ name: 'Trip', targetAmount: 5_000_00 });
    const rent = await a.api.schedules.create(monthly(b, { startDate: '2025-06-20' }));
    const topUp = await a.api.schedules.create({
      kind: 'goal_deposit',
      goalId: goal.id,
      amount: 10_00,
      frequency: 'weekly',
      startDate: '2025-06-15',
      idempotencyKey: key(),
    });
    await a.api.schedules.create(monthly(b, { startDate: '2025-06-22' })); // a week ahead: not yet
    const upcoming = (await a.api.account.dashboard()).upcoming;
    expect(upcoming.map((u) => [u.date, u.scheduleId])).toEqual([
      ['2025-06-15', topUp.id],
      ['2025-06-20', rent.id],
    ]);

    t.clock.advance(5 * DAY);
    const pass = await runSchedulerPass(depsOf(t));
    expect(pass).toMatchObject({ paid: 2, failed: 0 });
    // Days later the access tokens have expired: callers acting as each user directly.
    const items = (await t.as(a.user).transactions.list({})).items;
    expect(items.filter((i) => i.scheduleId === rent.id)).toMatchObject([
      { kind: 'transfer', amount: -500_00 },
    ]);
    expect(items.filter((i) => i.scheduleId === topUp.id)).toHaveLength(1);
    // The payee sees an ordinary incoming transfer.
    expect((await t.as(b.user).transactions.list({})).items).toMatchObject([
      { amount: 500_00, scheduleId: null },
    ]);
    expect(await t.store.getBalance(goalAccount(goal.id))).toBe(10_00);
    expect(await t.store.getBalance(userAccount(b.user.id))).toBe(500_00);
  });
});

describe('savings.setRoundUp', () => {
  it('rounds each outgoing transfer and withdrawal up into one goal, once per transfer', async () => {
    const a = await t.user('Asha Rao', { balance: 1_000_00 });
    const b = await t.user('Ravi Kumar');
    const g1 = await a.api.savings.create({ name: 'One', targetAmount: 5_000_00 });
    const g2 = await a.api.savings.create({ name: 'Two', targetAmount: 5_000_00 });
    expect(await a.api.savings.setRoundUp({ goalId: g1.id, enabled: true })).toEqual({
      goalId: g1.id,
      enabled: true,
    });
    await a.api.savings.setRoundUp({ goalId: g2.id, enabled: true }); // g1 is off now
    const pay = { toAccountNumber: b.user.accountNumber, amount: 123_45, idempotencyKey: key() };
    await a.api.payments.transfer(pay);
    await a.api.payments.transfer(pay); // a replay: no second round-up
    await a.api.payments.withdraw({ amount: 10_00, idempotencyKey: key() }); // whole: none
    await a.api.payments.withdraw({ amount: 99, idempotencyKey: key() });
    expect(await t.store.getBalance(goalAccount(g2.id))).toBe(55 + 1);
    expect(await t.store.getBalance(goalAccount(g1.id))).toBe(0);
    expect(await t.store.getBalance(userAccount(a.user.id))).toBe(
      1_000_00 - 123_45 - 55 - 10_00 - 99 - 1,
    );
    const r = await refusal(b.api.savings.setRoundUp({ goalId: g1.id, enabled: true }));
    expect(r).toMatchObject({ code: 'NOT_FOUND', domainCode: 'GOAL_NOT_FOUND' });
  });

  it('skips the round-up when the balance does not allow it', async () => {
    const a = await t.user('Asha Rao', { balance: 100_50 });
    const b = await t.user('Ravi Kumar');
    const g = await a.api.savings.create({ name: 'One', targetAmount: 5_000_00 });
    await a.api.savings.setRoundUp({ goalId: g.id, enabled: true });
    const res = await a.api.payments.transfer({
      toAccountNumber: b.user.accountNumber,
      amount: 100_40,
      idempotencyKey: key(),
    });
    expect(res.balance).toBe(10);
    expect(await t.store.getBalance(goalAccount(g.id))).toBe(0);
  });
});
