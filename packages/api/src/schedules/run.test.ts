import { goalAccount, userAccount } from '@quickpay/db';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { warmPasswordEstimator } from '../auth/password-policy.ts';
import type { ApiConfig } from '../config.ts';
import { createMoneyTest, key, type Member, type MoneyTest } from '../testing/members.ts';
import { startOfLocalDate } from './dates.ts';
import { type PassResult, runSchedulerPass, type SchedulerOptions } from './run.ts';
import { depsOf } from './testing.ts';

// The first sign-up loads the password estimator: not inside a test's 5 s under load.
beforeAll(() => warmPasswordEstimator(), 60_000);

let t: MoneyTest;
afterEach(() => t.close());

const HOUR = 3_600_000;

function setup(config: Partial<ApiConfig> = {}) {
  t = createMoneyTest(config);
  return t;
}

const pass = (options: SchedulerOptions = {}): Promise<PassResult> =>
  runSchedulerPass(depsOf(t), options);

/** Moves the clock to `iso` and runs a pass there. */
async function passAt(iso: string, options: SchedulerOptions = {}): Promise<PassResult> {
  t.clock.t = Date.parse(iso);
  return pass(options);
}

async function schedule(a: Member, to: Member, startDate: string, extra: object = {}) {
  return t.as(a.user).schedules.create({
    kind: 'transfer',
    toAccountNumber: to.user.accountNumber,
    amount: 100_00,
    frequency: 'monthly',
    startDate,
    idempotencyKey: key(),
    ...extra,
  });
}

const runsOf = async (a: Member, id: string) =>
  (await t.as(a.user).schedules.get({ scheduleId: id })).runs
    .map((r) => [r.date, r.status])
    .reverse();

describe('scheduler pass: calendar', () => {
  it('monthly on the 31st pays 31 Jan, 29 Feb (leap year), 31 Mar, 30 Apr', async () => {
    setup();
    t.clock.t = Date.parse('2024-01-10T12:00:00Z');
    const a = await t.user('Asha Rao', { balance: 10_000_00 });
    const b = await t.user('Ravi Kumar');
    const s = await schedule(a, b, '2024-01-31');
    expect(await passAt('2024-01-30T23:59:59Z')).toMatchObject({ paid: 0 });
    expect(await passAt('2024-01-31T00:00:00Z')).toMatchObject({ paid: 1 });
    expect(await passAt('2024-01-31T18:00:00Z')).toMatchObject({ paid: 0 });
    expect(await passAt('2024-02-28T12:00:00Z')).toMatchObject({ paid: 0 });
    expect(await passAt('2024-02-29T00:30:00Z')).toMatchObject({ paid: 1 });
    await passAt('2024-03-31T01:00:00Z');
    await passAt('2024-04-30T01:00:00Z');
    expect(await runsOf(a, s.id)).toEqual([
      ['2024-01-31', 'paid'],
      ['2024-02-29', 'paid'],
      ['2024-03-31', 'paid'],
      ['2024-04-30', 'paid'],
    ]);
    expect(await t.store.getBalance(userAccount(b.user.id))).toBe(400_00);
  });

  it('in a common year the 31st falls on 28 Feb', async () => {
    setup();
    t.clock.t = Date.parse('2025-01-10T12:00:00Z');
    const a = await t.user('Asha Rao', { balance: 10_000_00 });
    const b = await t.user('Ravi Kumar');
    const s = await schedule(a, b, '2025-01-31');
    await passAt('2025-01-31T08:00:00Z');
    await passAt('2025-02-28T08:00:00Z');
    expect(await runsOf(a, s.id)).toEqual([
      ['2025-01-31', 'paid'],
      ['2025-02-28', 'paid'],
    ]);
  });

  it('a run is due at local midnight in TIME_ZONE, across a DST change (Europe/London)', async () => {
    setup({ timeZone: 'Europe/London' });
    t.clock.t = Date.parse('2025-03-20T12:00:00Z');
    const a = await t.user('Asha Rao', { balance: 10_000_00 });
    const b = await t.user('Ravi Kumar');
    // Weekly from Sunday 23 Mar: 30 Mar is the day clocks go forward (GMT -> BST).
    const s = await schedule(a, b, '2025-03-23', { frequency: 'weekly' });
    expect(startOfLocalDate('2025-03-30', 'Europe/London').toISOString()).toBe(
      '2025-03-30T00:00:00.000Z',
    );
    expect(startOfLocalDate('2025-04-06', 'Europe/London').toISOString()).toBe(
      '2025-04-05T23:00:00.000Z',
    );
    await passAt('2025-03-23T00:00:00Z');
    await passAt('2025-03-29T23:59:59Z');
    expect(await runsOf(a, s.id)).toEqual([['2025-03-23', 'paid']]);
    await passAt('2025-03-30T00:00:00Z');
    // 23:30 UTC on 5 Apr is 00:30 BST on 6 Apr: already the 6th there.
    await passAt('2025-04-05T22:59:59Z');
    expect(await runsOf(a, s.id)).toHaveLength(2);
    await passAt('2025-04-05T23:30:00Z');
    expect(await runsOf(a, s.id)).toEqual([
      ['2025-03-23', 'paid'],
      ['2025-03-30', 'paid'],
      ['2025-04-06', 'paid'],
    ]);
  });

  it('a week of downtime is caught up in date order; older runs than the window are skipped', async () => {
    setup();
    t.clock.t = Date.parse('2025-03-01T12:00:00Z');
    const a = await t.user('Asha Rao', { balance: 10_000_00 });
    const b = await t.user('Ravi Kumar');
    const weekly = await schedule(a, b, '2025-03-02', { frequency: 'weekly', amount: 1_00 });
    const once = await schedule(a, b, '2025-03-05', { frequency: 'once', amount: 2_00 });
    // Down from 1 Mar until 20 Mar: weekly runs on 2, 9, 16 Mar, the one-off on 5 Mar.
    const result = await passAt('2025-03-20T09:00:00Z', { catchUpDays: 7 });
    expect(result).toMatchObject({ paid: 1, skipped: 3 });
    expect(await runsOf(a, weekly.id)).toEqual([
      ['2025-03-02', 'skipped'],
      ['2025-03-09', 'skipped'],
      ['2025-03-16', 'paid'],
    ]);
    expect(await runsOf(a, once.id)).toEqual([['2025-03-05', 'skipped']]);

    // Within the window every missed run is paid, oldest first.
    const catchUp = await schedule(a, b, '2025-03-21', { frequency: 'weekly', amount: 3_00 });
    await passAt('2025-04-06T09:00:00Z', { catchUpDays: 30 });
    expect(await runsOf(a, catchUp.id)).toEqual([
      ['2025-03-21', 'paid'],
      ['2025-03-28', 'paid'],
      ['2025-04-04', 'paid'],
    ]);
    const paid = (await t.as(a.user).transactions.list({ limit: 100 })).items
      .filter((i) => i.scheduleId === catchUp.id)
      .map((i) => i.id);
    // History is in posting order, newest first: the latest date was posted last.
    const { runs } = await t.as(a.user).schedules.get({ scheduleId: catchUp.id });
    expect(paid).toEqual(runs.map((r) => r.transferId));
  });
});

describe('scheduler pass: alerts', () => {
  it('a paid run queues the payee alert with its transfer, once, with the balance after', async () => {
    setup();
    t.clock.t = Date.parse('2025-05-01T12:00:00Z');
    const a = await t.user('Asha Rao', { balance: 1_000_00 });
    const b = await t.user('Ravi Kumar', { smsAlerts: true });
    const quiet = await t.user('Meera Iyer');
    await schedule(a, b, '2025-05-02');
    await schedule(a, quiet, '2025-05-02');
    expect(await passAt('2025-05-02T01:00:00Z')).toMatchObject({ paid: 2 });
    expect(await passAt('2025-05-02T02:00:00Z')).toMatchObject({ paid: 0 });
    const alerts = (await t.store.listSms({ to: b.user.phone })).map((m) => m.body);
    const last2 = (n: number) => String(n).slice(-2);
    expect(alerts).toEqual([
      `Quickpay: account XX${last2(b.user.accountNumber)} credited with ₹100.00 from account XX${last2(a.user.accountNumber)}. Balance: ₹100.00.`,
    ]);
    expect(await t.store.listSms({ to: quiet.user.phone })).toEqual([]);
  });
});

describe('scheduler pass: runs that cannot pay', () => {
  it('insufficient funds: retried later that day, then failed with an SMS; the schedule goes on', async () => {
    setup();
    t.clock.t = Date.parse('2025-05-01T12:00:00Z');
    const a = await t.user('Asha Rao', { balance: 50_00, smsAlerts: true });
    const b = await t.user('Ravi Kumar');
    const s = await schedule(a, b, '2025-05-02');
    const options = { retryDelayMs: 2 * HOUR, maxAttempts: 3 };
    expect(await passAt('2025-05-02T01:00:00Z', options)).toMatchObject({ retried: 1 });
    expect(await passAt('2025-05-02T02:00:00Z', options)).toMatchObject({ retried: 0, failed: 0 });
    expect(await passAt('2025-05-02T03:00:00Z', options)).toMatchObject({ retried: 1 });
    expect(await passAt('2025-05-02T05:00:00Z', options)).toMatchObject({ failed: 1 });
    const got = await t.as(a.user).schedules.get({ scheduleId: s.id });
    expect(got).toMatchObject({ status: 'active', nextRunDate: '2025-06-02' });
    expect(got.runs).toMatchObject([
      { date: '2025-05-02', status: 'failed', reason: 'insufficient funds', attempts: 3 },
    ]);
    const texts = await t.store.listSms({ to: a.user.phone });
    expect(texts).toHaveLength(1);
    expect(texts[0]?.body).toMatch(
      /scheduled payment of ₹100\.00 due 2025-05-02 .* not made: insufficient funds/,
    );

    // Money arrives: the next run pays.
    await t.as(a.user).payments.deposit({ amount: 100_00, idempotencyKey: key() });
    expect(await passAt('2025-06-02T00:10:00Z')).toMatchObject({ paid: 1 });
  });

  it('the failure SMS goes only to an owner with smsAlerts on', async () => {
    setup();
    t.clock.t = Date.parse('2025-05-01T12:00:00Z');
    const quiet = await t.user('Asha Rao');
    const loud = await t.user('Meera Iyer', { smsAlerts: true });
    const b = await t.user('Ravi Kumar');
    await schedule(quiet, b, '2025-05-02');
    await schedule(loud, b, '2025-05-02');
    expect(await passAt('2025-05-02T23:00:00Z')).toMatchObject({ failed: 2 });
    expect(await t.store.listSms({ to: quiet.user.phone })).toEqual([]);
    const [text, ...more] = await t.store.listSms({ to: loud.user.phone });
    expect(more).toEqual([]);
    expect(text?.body).toMatch(/scheduled payment of ₹100\.00 due 2025-05-02 .* not made/);
  });

  it('no retry past the end of the local day', async () => {
    setup();
    t.clock.t = Date.parse('2025-05-01T12:00:00Z');
    const a = await t.user('Asha Rao');
    const b = await t.user('Ravi Kumar');
    await schedule(a, b, '2025-05-02');
    expect(await passAt('2025-05-02T23:00:00Z', { retryDelayMs: 2 * HOUR })).toMatchObject({
      failed: 1,
      retried: 0,
    });
  });

  it('a closed goal cancels a top-up with its reason; a paused schedule skips its runs', async () => {
    setup();
    t.clock.t = Date.parse('2025-05-01T12:00:00Z');
    const a = await t.user('Asha Rao', { balance: 1_000_00 });
    const b = await t.user('Ravi Kumar');
    const goal = await a.api.savings.create({ name: 'Trip', targetAmount: 5_000_00 });
    const topUp = await a.api.schedules.create({
      kind: 'goal_deposit',
      goalId: goal.id,
      amount: 10_00,
      frequency: 'weekly',
      startDate: '2025-05-02',
      idempotencyKey: key(),
    });
    const rent = await schedule(a, b, '2025-05-02');
    await a.api.schedules.pause({ scheduleId: rent.id });
    await passAt('2025-05-02T08:00:00Z');
    expect(await t.store.getBalance(goalAccount(goal.id))).toBe(10_00);
    await t.as(a.user).savings.close({ goalId: goal.id, idempotencyKey: key() });
    expect(await passAt('2025-05-09T08:00:00Z')).toMatchObject({ cancelled: 1 });
    const got = await t.as(a.user).schedules.get({ scheduleId: topUp.id });
    expect(got).toMatchObject({
      status: 'cancelled',
      endReason: 'the goal is closed',
      nextRunDate: null,
    });
    expect(await runsOf(a, rent.id)).toEqual([['2025-05-02', 'skipped']]);
    expect(await t.store.getBalance(userAccount(b.user.id))).toBe(0);
  });
});

describe('scheduler pass: live events', () => {
  it("each recorded run tells the owner's stream its status and the next date", async () => {
    setup();
    t.clock.t = Date.parse('2025-05-01T12:00:00Z');
    const a = await t.user('Asha Rao', { balance: 150_00 });
    const b = await t.user('Ravi Kumar');
    const s = await schedule(a, b, '2025-05-02');
    expect(await passAt('2025-05-02T01:00:00Z')).toMatchObject({ paid: 1 });
    expect(await passAt('2025-06-02T01:00:00Z', { maxAttempts: 1 })).toMatchObject({ failed: 1 });
    const mine = (await t.store.listEvents(a.user.id, 0)).filter((e) => e.type === 'schedule');
    expect(mine.map((e) => e.payload)).toMatchObject([
      { scheduleId: s.id, date: '2025-05-02', status: 'paid', nextRunDate: '2025-06-02' },
      { scheduleId: s.id, date: '2025-06-02', status: 'failed', nextRunDate: '2025-07-02' },
    ]);
    expect(mine[0]?.payload.transferId).toEqual(expect.any(String));
    const theirs = await t.store.listEvents(b.user.id, 0);
    expect(theirs.filter((e) => e.type === 'schedule')).toEqual([]);
  });
});

describe('scheduler pass: concurrent instances', () => {
  it('two passes whose leases overlap (0 ms) still pay each run once and record it once', async () => {
    setup();
    t.clock.t = Date.parse('2025-05-01T12:00:00Z');
    const a = await t.user('Asha Rao', { balance: 10_000_00 });
    const b = await t.user('Ravi Kumar');
    const ids = [];
    for (let i = 0; i < 10; i++)
      ids.push((await schedule(a, b, '2025-05-02', { amount: 1_00 + i })).id);
    t.clock.t = Date.parse('2025-05-02T08:00:00Z');
    const results = await Promise.all([
      pass({ leaseMs: 0, batch: 3 }),
      pass({ leaseMs: 0, batch: 4 }),
    ]);
    expect(results.reduce((n, r) => n + r.paid, 0)).toBe(10);
    for (const id of ids) expect(await runsOf(a, id)).toEqual([['2025-05-02', 'paid']]);
    const paid = (await t.as(b.user).transactions.list({ limit: 100 })).items;
    expect(paid).toHaveLength(10);
    expect(await t.store.getBalance(userAccount(b.user.id))).toBe(10 * 1_00 + 45);
    expect(await t.store.verifyLedger()).toMatchObject({ ok: true });
  });
});

describe('scheduler pass: yielding to the API', () => {
  it('waits for the gate before each batch, and claims nothing while it is shut', async () => {
    setup();
    t.clock.t = Date.parse('2025-05-01T12:00:00Z');
    const a = await t.user('Asha Rao', { balance: 10_000_00 });
    const b = await t.user('Ravi Kumar');
    for (let i = 0; i < 5; i++) await schedule(a, b, '2025-05-02');
    t.clock.t = Date.parse('2025-05-02T08:00:00Z');
    let open: (() => void) | null = null;
    const told: number[] = [];
    const gate = (previousBatchMs: number) => {
      told.push(previousBatchMs);
      return new Promise<void>((resolve) => {
        open = resolve;
      });
    };
    const running = runSchedulerPass(depsOf(t), { batch: 2 }, gate);
    for (let batches = 0; batches < 4; batches++) {
      while (open === null) await new Promise((r) => setTimeout(r, 1));
      // Shut: the batch has not been claimed or paid.
      expect(await t.store.getBalance(userAccount(b.user.id))).toBe(
        batches === 0 ? 0 : Math.min(5, batches * 2) * 100_00,
      );
      const go: () => void = open;
      open = null;
      go();
    }
    expect(await running).toMatchObject({ paid: 5 });
    // Batches of 2, 2, 1 and the one that found nothing due; each told how long the last took.
    expect(told).toHaveLength(4);
    expect(told[0]).toBe(0);
    for (const ms of told.slice(1)) expect(ms).toBeGreaterThan(0);
  });
});
