import { afterEach, describe, expect, it } from 'vitest';
import { localMidnight } from '../shared/calendar.ts';
import { createMoneyTest, key, type MoneyTest, refusal } from '../testing/members.ts';
import { monthRanges } from './dashboard.ts';

let t: MoneyTest;
afterEach(() => t.close());

const at = (iso: string) => {
  t.clock.t = Date.parse(iso);
};

describe('account.dashboard', () => {
  it('sums this month and 12 months across a month boundary (UTC)', async () => {
    t = createMoneyTest();
    at('2025-06-10T09:00:00Z');
    const a = await t.user('Asha Rao');
    const b = await t.user('Ravi Kumar');
    await a.api.payments.deposit({ amount: 1_000_00, idempotencyKey: key() });
    at('2025-06-30T23:59:59Z');
    await t.as(a.user).payments.withdraw({ amount: 100_00, idempotencyKey: key() });
    at('2025-07-01T00:00:00Z');
    const fresh = t.as(a.user);
    await fresh.payments.transfer({
      toAccountNumber: b.user.accountNumber,
      amount: 50_00,
      idempotencyKey: key(),
    });
    await t.as(b.user).payments.transfer({
      toAccountNumber: a.user.accountNumber,
      amount: 20_00,
      idempotencyKey: key(),
    });

    const d = await fresh.account.dashboard();
    expect(d).toMatchObject({
      balance: 870_00,
      currency: 'INR',
      monthIncome: 20_00,
      monthExpense: -50_00,
      totalIncome: 1_020_00,
      totalExpense: -150_00,
    });
    expect(d.months).toHaveLength(12);
    expect(d.months[0]?.month).toBe('2024-08');
    expect(d.months.slice(-2)).toEqual([
      { month: '2025-06', income: 1_000_00, expense: -100_00 },
      { month: '2025-07', income: 20_00, expense: -50_00 },
    ]);
    expect(d.months.slice(0, 10).every((m) => m.income === 0 && m.expense === 0)).toBe(true);
  });

  it("leaves out money moved between the user's account and their own goals; the summary keeps it", async () => {
    t = createMoneyTest();
    at('2025-07-02T09:00:00Z');
    const a = await t.user('Asha Rao');
    const b = await t.user('Ravi Kumar');
    await a.api.payments.deposit({ amount: 10_000_00, idempotencyKey: key() });
    const bike = await a.api.savings.create({ name: 'Bike', targetAmount: 5_000_00 });
    const trip = await a.api.savings.create({ name: 'Trip', targetAmount: 5_000_00 });
    await a.api.savings.deposit({ goalId: bike.id, amount: 2_000_00, idempotencyKey: key() });
    await a.api.savings.deposit({ goalId: trip.id, amount: 310_00, idempotencyKey: key() });
    await a.api.savings.withdraw({ goalId: bike.id, amount: 300_00, idempotencyKey: key() });
    await a.api.savings.close({ goalId: trip.id, idempotencyKey: key() }); // refunds 310
    await a.api.payments.transfer({
      toAccountNumber: b.user.accountNumber,
      amount: 1_000_00,
      idempotencyKey: key(),
    });

    const d = await a.api.account.dashboard();
    expect(d).toMatchObject({
      balance: 7_300_00,
      savingsTotal: 1_700_00,
      monthIncome: 10_000_00,
      monthExpense: -1_000_00,
      totalIncome: 10_000_00,
      totalExpense: -1_000_00,
    });
    expect(d.months.at(-1)).toEqual({ month: '2025-07', income: 10_000_00, expense: -1_000_00 });
    // The legacy pages' summary: the old app counted goal moves as money in and out.
    expect(await a.api.account.summary()).toMatchObject({
      monthIncome: 10_610_00,
      monthExpense: -3_310_00,
    });
    // Another user's goals never change this user's figures.
    expect(await b.api.account.dashboard()).toMatchObject({
      monthIncome: 1_000_00,
      monthExpense: 0,
    });
  });

  it('puts month boundaries in the configured time zone', async () => {
    t = createMoneyTest({ timeZone: 'Asia/Kolkata' });
    at('2025-06-30T20:00:00Z'); // 01:30 on 1 July in India
    const a = await t.user('Asha Rao');
    await a.api.payments.deposit({ amount: 5_00, idempotencyKey: key() });
    const d = await a.api.account.dashboard();
    expect(d.monthIncome).toBe(5_00);
    expect(d.months.at(-1)).toEqual({ month: '2025-07', income: 5_00, expense: 0 });
  });

  it('shows the 10 newest transfers, 4 newest goals and contacts, and the savings total', async () => {
    t = createMoneyTest();
    const a = await t.user('Asha Rao', { balance: 1_000_00 });
    const others = [];
    for (let i = 0; i < 5; i++) others.push(await t.user(`Friend ${i}`));
    const goalIds = [];
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1000);
      const g = await a.api.savings.create({ name: `Goal ${i}`, targetAmount: 100_00 });
      goalIds.push(g.id);
      await a.api.savings.deposit({ goalId: g.id, amount: (i + 1) * 10_00, idempotencyKey: key() });
      await a.api.contacts.add({
        accountNumber: others[i]?.user.accountNumber ?? 0,
        nickname: `F${i}`,
      });
    }
    const d = await a.api.account.dashboard();
    expect(d.balance).toBe(850_00);
    expect(d.savingsTotal).toBe(150_00);
    expect(d.goals.map((g) => g.id)).toEqual(goalIds.slice(1).reverse());
    expect(d.contacts.map((c) => c.nickname)).toEqual(['F4', 'F3', 'F2', 'F1']);
    expect(d.recent).toHaveLength(6);

    for (let i = 0; i < 6; i++)
      await a.api.payments.withdraw({ amount: 1_00, idempotencyKey: key() });
    const later = await a.api.account.dashboard();
    expect(later.recent).toHaveLength(10);
    expect(later.recent[0]).toMatchObject({
      kind: 'withdrawal',
      amount: -1_00,
      balanceAfter: 844_00,
    });
    expect(later.recent.at(-1)).toMatchObject({ kind: 'goal_deposit', amount: -20_00 });
  });

  it("shows only the caller's own money", async () => {
    t = createMoneyTest();
    const a = await t.user('Asha Rao', { balance: 100_00 });
    const b = await t.user('Ravi Kumar');
    await a.api.savings.create({ name: 'Bike', targetAmount: 1_00 });
    const d = await b.api.account.dashboard();
    expect(d).toMatchObject({
      balance: 0,
      savingsTotal: 0,
      recent: [],
      goals: [],
      contacts: [],
      monthIncome: 0,
    });
  });

  it('refuses callers that are not logged in', async () => {
    t = createMoneyTest();
    expect((await refusal(t.caller().account.dashboard())).domainCode).toBe('UNAUTHENTICATED');
  });
});

describe('calendar boundaries', () => {
  it('finds local midnight across daylight saving changes', () => {
    const ny = 'America/New_York';
    expect(localMidnight(2025, 3, 1, ny).toISOString()).toBe('2025-03-01T05:00:00.000Z');
    expect(localMidnight(2025, 4, 1, ny).toISOString()).toBe('2025-04-01T04:00:00.000Z');
    expect(localMidnight(2025, 11, 3, ny).toISOString()).toBe('2025-11-03T05:00:00.000Z');
    expect(localMidnight(2025, 7, 1, 'Asia/Kolkata').toISOString()).toBe(
      '2025-06-30T18:30:00.000Z',
    );
    expect(localMidnight(2025, 13, 1, 'UTC').toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('month ranges are contiguous, 12 long, and end with the current local month', () => {
    const { months, allTime } = monthRanges(Date.parse('2025-01-15T00:00:00Z'), 'Europe/London');
    expect(months.map((m) => m.label)).toEqual([
      '2024-02',
      '2024-03',
      '2024-04',
      '2024-05',
      '2024-06',
      '2024-07',
      '2024-08',
      '2024-09',
      '2024-10',
      '2024-11',
      '2024-12',
      '2025-01',
    ]);
    for (let i = 1; i < months.length; i++) {
      expect(months[i]?.range.from).toEqual(months[i - 1]?.range.to);
    }
    expect(months[3]?.range.from.toISOString()).toBe('2024-04-30T23:00:00.000Z');
    expect(allTime.to).toEqual(months[11]?.range.to);
  });
});

describe('account.summary', () => {
  it('gives the dashboard’s balance, month and all-time sums, goals and contacts', async () => {
    t = createMoneyTest();
    at('2025-06-10T09:00:00Z');
    const a = await t.user('Asha Rao');
    const b = await t.user('Ravi Kumar');
    expect(await a.api.account.summary()).toMatchObject({
      balance: 0,
      totalIncome: 0,
      totalExpense: 0,
    });
    await a.api.payments.deposit({ amount: 1_000_00, idempotencyKey: key() });
    at('2025-07-01T00:00:00Z');
    const fresh = t.as(a.user);
    await fresh.payments.transfer({
      toAccountNumber: b.user.accountNumber,
      amount: 50_00,
      idempotencyKey: key(),
    });
    await t.as(b.user).payments.transfer({
      toAccountNumber: a.user.accountNumber,
      amount: 20_00,
      idempotencyKey: key(),
    });
    const s = await fresh.account.summary();
    const d = await fresh.account.dashboard();
    expect(s).toEqual({
      accountNumber: a.user.accountNumber,
      fullName: 'Asha Rao',
      balance: d.balance,
      currency: d.currency,
      monthIncome: d.monthIncome,
      monthExpense: d.monthExpense,
      totalIncome: d.totalIncome,
      totalExpense: d.totalExpense,
      savingsTotal: d.savingsTotal,
      goals: d.goals,
      contacts: d.contacts,
    });
    expect(s).toMatchObject({ balance: 970_00, monthIncome: 20_00, totalIncome: 1_020_00 });
  });
});
