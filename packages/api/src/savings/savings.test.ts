import { goalAccount, userAccount } from '@quickpay/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { liveEvent } from '../events/views.ts';
import { createMoneyTest, key, type Member, type MoneyTest, refusal } from '../testing/members.ts';

let t: MoneyTest;
beforeEach(() => {
  t = createMoneyTest();
});
afterEach(() => t.close());

const balanceOf = (userId: string) => t.store.getBalance(userAccount(userId));
const savedIn = (goalId: string) => t.store.getBalance(goalAccount(goalId));
const newGoal = (m: Member, name = 'Bike') =>
  m.api.savings.create({ name, targetAmount: 20_000_00 });

describe('savings.create / list / update', () => {
  it('creates a goal with defaults and lists active goals newest first', async () => {
    const a = await t.user('Asha Rao');
    const bike = await a.api.savings.create({
      name: ' Bike ',
      targetAmount: 20_000_00,
      description: 'a red one',
      targetDate: '2026-03-31',
    });
    expect(bike).toMatchObject({
      name: 'Bike',
      targetAmount: 20_000_00,
      savedAmount: 0,
      description: 'a red one',
      targetDate: '2026-03-31T00:00:00.000Z',
      status: 'active',
      closedAt: null,
    });
    expect(bike.color).toMatch(/^#/);
    t.clock.advance(1000);
    const trip = await a.api.savings.create({
      name: 'Trip',
      targetAmount: 5_000_00,
      color: '#ff8800',
    });
    expect(trip).toMatchObject({ color: '#ff8800', targetDate: null, description: '' });
    expect((await a.api.savings.list()).map((g) => g.id)).toEqual([trip.id, bike.id]);
  });

  it('refuses a bad target amount, an empty name and a bad colour', async () => {
    const a = await t.user('Asha Rao');
    for (const targetAmount of [0, -1, 1.5, t.config.maxAmount + 1]) {
      const r = await refusal(a.api.savings.create({ name: 'Bike', targetAmount }));
      expect(r).toMatchObject({ code: 'BAD_REQUEST', domainCode: 'INVALID_AMOUNT' });
    }
    for (const input of [
      { name: '  ', targetAmount: 100 },
      { name: 'Bike', targetAmount: 100, color: 'url(javascript:x)' },
      { name: 'Bike', targetAmount: 100, targetDate: 'soon' },
    ]) {
      expect((await refusal(a.api.savings.create(input))).code).toBe('BAD_REQUEST');
    }
    expect(await a.api.savings.list()).toEqual([]);
  });

  it('updates fields, clears the target date, and refuses a closed goal', async () => {
    const a = await t.user('Asha Rao');
    const goal = await a.api.savings.create({
      name: 'Bike',
      targetAmount: 100_00,
      targetDate: '2026-01-01',
    });
    const updated = await a.api.savings.update({
      goalId: goal.id,
      name: 'E-bike',
      targetAmount: 150_00,
      targetDate: null,
    });
    expect(updated).toMatchObject({
      id: goal.id,
      name: 'E-bike',
      targetAmount: 150_00,
      targetDate: null,
    });
    await a.api.savings.close({ goalId: goal.id, idempotencyKey: key() });
    const r = await refusal(a.api.savings.update({ goalId: goal.id, name: 'x' }));
    expect(r).toMatchObject({ code: 'PRECONDITION_FAILED', domainCode: 'GOAL_CLOSED' });
  });
});

describe('savings: live goal events', () => {
  it("creating, changing and closing a goal each tell the owner's stream, and no one else's", async () => {
    const a = await t.user('Asha Rao');
    const b = await t.user('Ravi Kumar');
    const bike = await newGoal(a);
    await a.api.savings.update({ goalId: bike.id, name: 'Red bike' });
    const closing = { goalId: bike.id, idempotencyKey: key() };
    await a.api.savings.close(closing);
    await a.api.savings.close(closing); // a replay changes nothing and says nothing new
    const goalEvents = (await t.store.listEvents(a.user.id, 0)).filter((e) => e.type === 'goal');
    expect(goalEvents.map((e) => e.payload)).toEqual([
      { goalId: bike.id, change: 'created', name: 'Bike', status: 'active' },
      { goalId: bike.id, change: 'updated', name: 'Red bike', status: 'active' },
      { goalId: bike.id, change: 'closed', name: 'Red bike', status: 'closed' },
    ]);
    expect(goalEvents.map(liveEvent)).toMatchObject([
      { type: 'goal', goalId: bike.id, change: 'created', name: 'Bike' },
      { type: 'goal', goalId: bike.id, change: 'updated', name: 'Red bike' },
      { type: 'goal', goalId: bike.id, change: 'closed', status: 'closed' },
    ]);
    expect(await t.store.listEvents(b.user.id, 0)).toEqual([]);
  });
});

describe('savings.deposit / withdraw', () => {
  it('moves money into and out of a goal and returns both balances', async () => {
    const a = await t.user('Asha Rao', { balance: 1_000_00 });
    const goal = await newGoal(a);
    const dep = await a.api.savings.deposit({
      goalId: goal.id,
      amount: 300_00,
      idempotencyKey: key(),
    });
    expect(dep.balance).toBe(700_00);
    expect(dep.goal.savedAmount).toBe(300_00);
    expect(dep.transfer).toMatchObject({
      kind: 'goal_deposit',
      amount: -300_00,
      counterparty: { type: 'goal', name: 'Bike', goalId: goal.id },
    });
    const wd = await a.api.savings.withdraw({
      goalId: goal.id,
      amount: 100_00,
      idempotencyKey: key(),
    });
    expect(wd).toMatchObject({ balance: 800_00, goal: { savedAmount: 200_00 } });
    expect(wd.transfer).toMatchObject({ kind: 'goal_withdrawal', amount: 100_00 });
    expect(await balanceOf(a.user.id)).toBe(800_00);
    expect(await savedIn(goal.id)).toBe(200_00);
  });

  it('refuses more than the balance or than saved, and bad amounts, changing nothing', async () => {
    const a = await t.user('Asha Rao', { balance: 100_00 });
    const goal = await newGoal(a);
    await a.api.savings.deposit({ goalId: goal.id, amount: 40_00, idempotencyKey: key() });
    const cases = [
      [a.api.savings.deposit, 60_01, 'INSUFFICIENT_FUNDS'],
      [a.api.savings.withdraw, 40_01, 'INSUFFICIENT_FUNDS'],
      [a.api.savings.deposit, 0, 'INVALID_AMOUNT'],
      [a.api.savings.withdraw, -1_00, 'INVALID_AMOUNT'],
      [a.api.savings.deposit, 0.5, 'INVALID_AMOUNT'],
    ] as const;
    for (const [call, amount, domainCode] of cases) {
      const r = await refusal(call({ goalId: goal.id, amount, idempotencyKey: key() }));
      expect(r.domainCode).toBe(domainCode);
    }
    expect(await balanceOf(a.user.id)).toBe(60_00);
    expect(await savedIn(goal.id)).toBe(40_00);
  });

  it('replays a repeated key and refuses the key with another amount', async () => {
    const a = await t.user('Asha Rao', { balance: 100_00 });
    const goal = await newGoal(a);
    const input = { goalId: goal.id, amount: 10_00, idempotencyKey: key() };
    const first = await a.api.savings.deposit(input);
    const again = await a.api.savings.deposit(input);
    expect(again.transfer.id).toBe(first.transfer.id);
    expect(again.replayed).toBe(true);
    const r = await refusal(a.api.savings.deposit({ ...input, amount: 20_00 }));
    expect(r).toMatchObject({ code: 'CONFLICT', domainCode: 'IDEMPOTENCY_CONFLICT' });
    expect(await savedIn(goal.id)).toBe(10_00);
  });
});

describe('savings.close', () => {
  it('refunds everything saved, closes the goal, and answers a replay the same', async () => {
    const a = await t.user('Asha Rao', { balance: 100_00 });
    const goal = await newGoal(a);
    await a.api.savings.deposit({ goalId: goal.id, amount: 70_00, idempotencyKey: key() });
    const closeKey = key();
    const closed = await a.api.savings.close({ goalId: goal.id, idempotencyKey: closeKey });
    expect(closed).toMatchObject({
      refunded: 70_00,
      balance: 100_00,
      replayed: false,
      goal: { status: 'closed' },
    });
    expect(closed.transfer).toMatchObject({ kind: 'goal_refund', amount: 70_00 });
    const again = await a.api.savings.close({ goalId: goal.id, idempotencyKey: closeKey });
    expect(again).toMatchObject({ refunded: 70_00, balance: 100_00, replayed: true });
    expect(await balanceOf(a.user.id)).toBe(100_00);
    expect(await a.api.savings.list()).toEqual([]);
    expect((await a.api.savings.list({ includeClosed: true })).map((g) => g.id)).toEqual([goal.id]);
  });

  it('closes an empty goal with nothing refunded', async () => {
    const a = await t.user('Asha Rao', { balance: 5_00 });
    const goal = await newGoal(a);
    const closed = await a.api.savings.close({ goalId: goal.id, idempotencyKey: key() });
    expect(closed).toMatchObject({ refunded: 0, balance: 5_00, transfer: null });
  });

  it('refuses money moves into a closed goal and a second close with another key', async () => {
    const a = await t.user('Asha Rao', { balance: 100_00 });
    const goal = await newGoal(a);
    await a.api.savings.close({ goalId: goal.id, idempotencyKey: key() });
    for (const call of [a.api.savings.deposit, a.api.savings.withdraw]) {
      const r = await refusal(call({ goalId: goal.id, amount: 1_00, idempotencyKey: key() }));
      expect(r).toMatchObject({ code: 'PRECONDITION_FAILED', domainCode: 'GOAL_CLOSED' });
    }
    const r = await refusal(a.api.savings.close({ goalId: goal.id, idempotencyKey: key() }));
    expect(r.domainCode).toBe('GOAL_CLOSED');
    expect(await balanceOf(a.user.id)).toBe(100_00);
  });
});

describe('savings: who may call', () => {
  it("user B can neither see, change nor move A's goal", async () => {
    const a = await t.user('Asha Rao', { balance: 100_00 });
    const b = await t.user('Ravi Kumar', { balance: 100_00 });
    const goal = await newGoal(a);
    await a.api.savings.deposit({ goalId: goal.id, amount: 30_00, idempotencyKey: key() });
    expect(await b.api.savings.list({ includeClosed: true })).toEqual([]);
    const calls = [
      b.api.savings.update({ goalId: goal.id, name: 'mine' }),
      b.api.savings.deposit({ goalId: goal.id, amount: 1_00, idempotencyKey: key() }),
      b.api.savings.withdraw({ goalId: goal.id, amount: 30_00, idempotencyKey: key() }),
      b.api.savings.close({ goalId: goal.id, idempotencyKey: key() }),
    ];
    // Refusals are awaited one by one below; mark them handled now (no unhandled rejection).
    for (const c of calls) c.catch(() => {});
    for (const call of calls) {
      expect(await refusal(call)).toMatchObject({
        code: 'NOT_FOUND',
        domainCode: 'GOAL_NOT_FOUND',
      });
    }
    expect(await savedIn(goal.id)).toBe(30_00);
    expect(await balanceOf(a.user.id)).toBe(70_00);
    expect(await balanceOf(b.user.id)).toBe(100_00);
    expect((await a.api.savings.list())[0]).toMatchObject({ name: 'Bike', status: 'active' });
  });

  it('asks for the password again for money moves once auth is stale, but not for edits or close', async () => {
    const a = await t.user('Asha Rao', { balance: 100_00 });
    const goal = await newGoal(a);
    await a.api.savings.deposit({ goalId: goal.id, amount: 10_00, idempotencyKey: key() });
    t.clock.advance(t.config.recentAuthSec * 1000 + 1);
    const calls = [
      a.api.savings.deposit({ goalId: goal.id, amount: 1_00, idempotencyKey: key() }),
      a.api.savings.withdraw({ goalId: goal.id, amount: 1_00, idempotencyKey: key() }),
    ];
    // Refusals are awaited one by one below; mark them handled now (no unhandled rejection).
    for (const c of calls) c.catch(() => {});
    for (const call of calls) {
      expect(await refusal(call)).toMatchObject({
        code: 'FORBIDDEN',
        domainCode: 'REAUTH_REQUIRED',
      });
    }
    expect(await savedIn(goal.id)).toBe(10_00);
    expect((await a.api.savings.update({ goalId: goal.id, name: 'Car' })).name).toBe('Car');
    const closed = await a.api.savings.close({ goalId: goal.id, idempotencyKey: key() });
    expect(closed).toMatchObject({ refunded: 10_00, balance: 100_00 });
  });

  it('refuses callers that are not logged in', async () => {
    const anon = t.caller();
    const calls = [
      anon.savings.list(),
      anon.savings.create({ name: 'x', targetAmount: 1 }),
      anon.savings.update({ goalId: 'g', name: 'x' }),
      anon.savings.deposit({ goalId: 'g', amount: 1, idempotencyKey: key() }),
      anon.savings.withdraw({ goalId: 'g', amount: 1, idempotencyKey: key() }),
      anon.savings.close({ goalId: 'g', idempotencyKey: key() }),
    ];
    // Refusals are awaited one by one below; mark them handled now (no unhandled rejection).
    for (const c of calls) c.catch(() => {});
    for (const call of calls) expect((await refusal(call)).domainCode).toBe('UNAUTHENTICATED');
  });
});
