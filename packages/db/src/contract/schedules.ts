import { describe, expect, it } from 'vitest';
import { userAccount } from '../ids.ts';
import type { NewSchedule } from '../schedules.ts';
import type { Store } from '../store.ts';
import type { User } from '../types.ts';
import {
  expectRefusal,
  key,
  m,
  makeUser,
  type StoreFactory,
  storeEnv,
  T0,
  TestClock,
} from './helpers.ts';

const LEASE = 30_000;

export function scheduleContract(factory: StoreFactory): void {
  describe('schedules', () => {
    const env = storeEnv(factory);

    async function setup() {
      const clock = new TestClock(T0);
      const store = await env.open({ now: clock.now });
      const asha = await makeUser(store, 'Asha Rao');
      const ravi = await makeUser(store, 'Ravi Kumar');
      return { store, clock, asha, ravi };
    }

    const input = (owner: User, to: User, extra: Partial<NewSchedule> = {}): NewSchedule => ({
      ownerId: owner.id,
      kind: 'transfer',
      toAccount: userAccount(to.id),
      toAccountNumber: to.accountNumber,
      goalId: null,
      amount: m(1_000),
      note: 'rent',
      frequency: 'monthly',
      startDate: '2024-01-31',
      endDate: null,
      count: null,
      idempotencyKey: key(),
      ...extra,
    });

    const create = async (store: Store, i: NewSchedule) => (await store.createSchedule(i)).schedule;

    it('createSchedule stores an active schedule whose next run is its start', async () => {
      const { store, asha, ravi } = await setup();
      const s = await create(store, input(asha, ravi));
      expect(s).toMatchObject({
        ownerId: asha.id,
        kind: 'transfer',
        toAccount: userAccount(ravi.id),
        amount: 1_000,
        status: 'active',
        nextRunDate: '2024-01-31',
        runsDone: 0,
        attempts: 0,
      });
      expect(await store.getSchedule(s.id)).toEqual(s);
      expect(await store.listSchedules(asha.id)).toEqual([s]);
      expect(await store.listSchedules(ravi.id)).toEqual([]);
    });

    it('the same key replays the first schedule; another request with it is a conflict', async () => {
      const { store, asha, ravi } = await setup();
      const i = input(asha, ravi);
      const first = await store.createSchedule(i);
      const again = await store.createSchedule(i);
      expect(again).toEqual({ schedule: first.schedule, replayed: true });
      await expectRefusal(store.createSchedule({ ...i, amount: m(2) }), 'IDEMPOTENCY_CONFLICT');
      expect(await store.listSchedules(asha.id)).toHaveLength(1);
    });

    it('a schedule with no occurrence is refused', async () => {
      const { store, asha, ravi } = await setup();
      await expectRefusal(
        store.createSchedule(input(asha, ravi, { endDate: '2024-01-01' })),
        'INVALID_SCHEDULE',
      );
      await expectRefusal(
        store.createSchedule(input(asha, ravi, { count: 0 })),
        'INVALID_SCHEDULE',
      );
    });

    it('claimDueSchedules leases due schedules once, earliest first, until the lease ends', async () => {
      const { store, clock, asha, ravi } = await setup();
      const late = await create(store, input(asha, ravi, { startDate: '2024-01-05' }));
      const early = await create(store, input(asha, ravi, { startDate: '2024-01-02' }));
      await create(store, input(asha, ravi, { startDate: '2024-02-01' }));
      expect(await store.claimDueSchedules('2024-01-01', 10, LEASE)).toEqual([]);
      const claimed = await store.claimDueSchedules('2024-01-10', 10, LEASE);
      expect(claimed.map((s) => s.id)).toEqual([early.id, late.id]);
      expect(await store.claimDueSchedules('2024-01-10', 10, LEASE)).toEqual([]);
      clock.advance(LEASE);
      expect(await store.claimDueSchedules('2024-01-10', 1, LEASE)).toHaveLength(1);
    });

    it('settleScheduleRuns records a run once and moves to the next occurrence (31 Jan -> 29 Feb)', async () => {
      const { store, asha, ravi } = await setup();
      const s = await create(store, input(asha, ravi));
      await store.claimDueSchedules('2024-01-31', 10, LEASE);
      const run = {
        scheduleId: s.id,
        date: '2024-01-31',
        status: 'paid',
        transferId: 't1',
      } as const;
      const [after, twice] = await store.settleScheduleRuns([run, run]);
      expect(after).toMatchObject({ nextRunDate: '2024-02-29', runsDone: 1, status: 'active' });
      expect(twice).toBeNull();
      // The lease is released: the next run is claimable as soon as it is due.
      expect(await store.claimDueSchedules('2024-02-29', 10, LEASE)).toHaveLength(1);
      expect(await store.listScheduleRuns(s.id)).toEqual([
        {
          scheduleId: s.id,
          date: '2024-01-31',
          status: 'paid',
          transferId: 't1',
          reason: null,
          attempts: 1,
          settledAt: new Date(T0),
        },
      ]);
    });

    it('recording a run tells its owner in the same write: one schedule event per recorded run', async () => {
      const { store, asha, ravi } = await setup();
      const s = await create(store, input(asha, ravi));
      const before = await store.lastEventSeq(asha.id);
      const run = { scheduleId: s.id, date: '2024-01-31', status: 'failed', reason: 'x' } as const;
      await store.settleScheduleRuns([run, run]);
      const told = (await store.listEvents(asha.id, before)).filter((e) => e.type === 'schedule');
      expect(told.map((e) => e.payload)).toEqual([
        {
          scheduleId: s.id,
          date: '2024-01-31',
          status: 'failed',
          transferId: null,
          reason: 'x',
          scheduleStatus: 'active',
          nextRunDate: '2024-02-29',
        },
      ]);
      expect((await store.listEvents(ravi.id, 0)).filter((e) => e.type === 'schedule')).toEqual([]);
    });

    it('a count or an end date completes the schedule after its last run', async () => {
      const { store, asha, ravi } = await setup();
      const s = await create(store, input(asha, ravi, { frequency: 'weekly', count: 2 }));
      await store.settleScheduleRuns([{ scheduleId: s.id, date: '2024-01-31', status: 'paid' }]);
      const [done] = await store.settleScheduleRuns([
        { scheduleId: s.id, date: '2024-02-07', status: 'skipped' },
      ]);
      expect(done).toMatchObject({ status: 'completed', nextRunDate: null, runsDone: 2 });
      expect(await store.claimDueSchedules('2099-01-01', 10, LEASE)).toEqual([]);
    });

    it('deferScheduleRun counts a failed attempt and hides the run until its retry time', async () => {
      const { store, clock, asha, ravi } = await setup();
      const s = await create(store, input(asha, ravi));
      await store.claimDueSchedules('2024-01-31', 10, LEASE);
      expect(await store.deferScheduleRun(s.id, '2024-01-31', new Date(T0 + 1000), 'funds')).toBe(
        true,
      );
      expect(await store.deferScheduleRun(s.id, '2024-02-29', new Date(T0), 'x')).toBe(false);
      expect(await store.claimDueSchedules('2024-01-31', 10, LEASE)).toEqual([]);
      clock.advance(1000);
      const [again] = await store.claimDueSchedules('2024-01-31', 10, LEASE);
      expect(again).toMatchObject({ attempts: 1, lastError: 'funds' });
      const [failed] = await store.settleScheduleRuns([
        { scheduleId: s.id, date: '2024-01-31', status: 'failed', reason: 'funds' },
      ]);
      expect(failed).toMatchObject({ attempts: 0, nextRunDate: '2024-02-29', status: 'active' });
      expect((await store.listScheduleRuns(s.id))[0]).toMatchObject({ attempts: 2 });
    });

    it('pause, resume, cancel and skip: owner only, nothing after the end', async () => {
      const { store, asha, ravi } = await setup();
      const s = await create(store, input(asha, ravi));
      await expectRefusal(store.setScheduleStatus(s.id, ravi.id, 'paused'), 'SCHEDULE_NOT_FOUND');
      await expectRefusal(store.setScheduleStatus('nope', asha.id, 'paused'), 'SCHEDULE_NOT_FOUND');
      expect(await store.setScheduleStatus(s.id, asha.id, 'paused')).toMatchObject({
        status: 'paused',
      });
      // Paused schedules are still claimed: their runs are recorded as skipped.
      expect(await store.claimDueSchedules('2024-01-31', 10, LEASE)).toHaveLength(1);
      expect(await store.setScheduleStatus(s.id, asha.id, 'active')).toMatchObject({
        status: 'active',
      });
      await expectRefusal(store.skipNextScheduleRun(s.id, ravi.id), 'SCHEDULE_NOT_FOUND');
      expect(await store.skipNextScheduleRun(s.id, asha.id)).toMatchObject({
        nextRunDate: '2024-02-29',
      });
      expect(await store.listScheduleRuns(s.id)).toMatchObject([
        { date: '2024-01-31', status: 'skipped', reason: 'skipped by you' },
      ]);
      const cancelled = await store.setScheduleStatus(s.id, asha.id, 'cancelled', 'moved out');
      expect(cancelled).toMatchObject({
        status: 'cancelled',
        endReason: 'moved out',
        nextRunDate: null,
      });
      await expectRefusal(store.setScheduleStatus(s.id, asha.id, 'active'), 'SCHEDULE_ENDED');
      await expectRefusal(store.skipNextScheduleRun(s.id, asha.id), 'SCHEDULE_ENDED');
      expect(await store.claimDueSchedules('2099-01-01', 10, LEASE)).toEqual([]);
    });

    it('a settle that cancels ends the schedule with its reason', async () => {
      const { store, asha, ravi } = await setup();
      const s = await create(store, input(asha, ravi));
      const [after] = await store.settleScheduleRuns([
        { scheduleId: s.id, date: '2024-01-31', status: 'failed', reason: 'gone', cancel: true },
      ]);
      expect(after).toMatchObject({ status: 'cancelled', endReason: 'gone', nextRunDate: null });
    });

    it('concurrent claims never hand one schedule to two callers', async () => {
      const { store, asha, ravi } = await setup();
      for (let i = 0; i < 20; i++) await create(store, input(asha, ravi));
      const batches = await Promise.all(
        Array.from({ length: 5 }, () => store.claimDueSchedules('2024-02-01', 7, LEASE)),
      );
      const ids = batches.flat().map((s) => s.id);
      expect(ids).toHaveLength(20);
      expect(new Set(ids).size).toBe(20);
    });

    it('round-ups: at most one goal per owner, only the owner, not a closed goal', async () => {
      const { store, asha, ravi } = await setup();
      const a = await store.createGoal({ ownerId: asha.id, name: 'A', targetAmount: m(100) });
      const b = await store.createGoal({ ownerId: asha.id, name: 'B', targetAmount: m(100) });
      expect(await store.getRoundUpGoal(asha.id)).toBeNull();
      await store.setRoundUp(asha.id, a.id, true);
      await store.setRoundUp(asha.id, b.id, true);
      expect(await store.getRoundUpGoal(asha.id)).toBe(b.id);
      await store.setRoundUp(asha.id, a.id, false); // not the one on: nothing changes
      expect(await store.getRoundUpGoal(asha.id)).toBe(b.id);
      await expectRefusal(store.setRoundUp(ravi.id, b.id, true), 'GOAL_NOT_FOUND');
      await store.setRoundUp(asha.id, b.id, false);
      expect(await store.getRoundUpGoal(asha.id)).toBeNull();
      await store.closeGoal({ goalId: a.id, ownerId: asha.id, idempotencyKey: key() });
      await expectRefusal(store.setRoundUp(asha.id, a.id, true), 'GOAL_CLOSED');
    });
  });
}
