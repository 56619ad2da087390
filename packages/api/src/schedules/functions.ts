import { addDays, goalAccount, type NewSchedule, type Schedule, userAccount } from '@quickpay/db';
import type { AuthedContext } from '../context.ts';
import { fail } from '../errors.ts';
import { requireAmount } from '../shared/amount.ts';
import { localDateString } from './dates.ts';
import type { CreateScheduleInput } from './schemas.ts';
import { runView, type ScheduleRunView, type ScheduleView, scheduleView } from './views.ts';

/** How far ahead a schedule may start, and how long it may run. */
export const MAX_START_AHEAD_DAYS = 366;
export const MAX_SPAN_DAYS = 10 * 366;

function checkDates(ctx: AuthedContext, input: CreateScheduleInput): void {
  const today = localDateString(ctx.now(), ctx.config.timeZone);
  if (input.startDate < today) fail('INVALID_SCHEDULE', 'The start date is in the past');
  if (input.startDate > addDays(today, MAX_START_AHEAD_DAYS)) {
    fail('INVALID_SCHEDULE', 'The start date is more than a year ahead');
  }
  if (input.endDate !== undefined) {
    if (input.endDate < input.startDate)
      fail('INVALID_SCHEDULE', 'The end date is before the start');
    if (input.endDate > addDays(input.startDate, MAX_SPAN_DAYS)) {
      fail('INVALID_SCHEDULE', 'The end date is more than ten years after the start');
    }
  }
}

/** Checks the payee now (it is checked again at every run) and stores the schedule. */
export async function createSchedule(
  ctx: AuthedContext,
  input: CreateScheduleInput,
): Promise<ScheduleView & { replayed: boolean }> {
  const owner = ctx.auth.user;
  const amount = requireAmount(ctx.config, input.amount);
  checkDates(ctx, input);
  let target: Pick<NewSchedule, 'toAccount' | 'toAccountNumber' | 'goalId'>;
  if (input.kind === 'transfer') {
    const payee = await ctx.store.findUserByAccountNumber(input.toAccountNumber ?? 0);
    if (!payee) fail('ACCOUNT_NOT_FOUND', 'No account with that number');
    if (payee.id === owner.id) fail('SELF_TRANSFER', 'You cannot pay yourself');
    target = {
      toAccount: userAccount(payee.id),
      toAccountNumber: payee.accountNumber,
      goalId: null,
    };
  } else {
    const goal = await ctx.store.getGoal(input.goalId ?? '');
    if (!goal || goal.ownerId !== owner.id) fail('GOAL_NOT_FOUND', 'No such goal');
    if (goal.status !== 'active') fail('GOAL_CLOSED', 'The goal is closed');
    target = { toAccount: goalAccount(goal.id), toAccountNumber: null, goalId: goal.id };
  }
  const { schedule, replayed } = await ctx.store.createSchedule({
    ownerId: owner.id,
    kind: input.kind,
    ...target,
    amount,
    note: input.note ?? '',
    frequency: input.frequency,
    startDate: input.startDate,
    endDate: input.endDate ?? null,
    count: input.count ?? null,
    idempotencyKey: input.idempotencyKey,
  });
  return { ...scheduleView(schedule), replayed };
}

/** The caller's schedule; SCHEDULE_NOT_FOUND for anyone else's (never reveal it exists). */
async function own(ctx: AuthedContext, scheduleId: string): Promise<Schedule> {
  const s = await ctx.store.getSchedule(scheduleId);
  if (!s || s.ownerId !== ctx.auth.user.id) fail('SCHEDULE_NOT_FOUND', 'No such schedule');
  return s;
}

export async function listSchedules(ctx: AuthedContext): Promise<{ items: ScheduleView[] }> {
  return { items: (await ctx.store.listSchedules(ctx.auth.user.id)).map(scheduleView) };
}

export async function getSchedule(
  ctx: AuthedContext,
  scheduleId: string,
): Promise<ScheduleView & { runs: ScheduleRunView[] }> {
  const s = await own(ctx, scheduleId);
  const runs = await ctx.store.listScheduleRuns(s.id, 100);
  return { ...scheduleView(s), runs: runs.map(runView) };
}

export type ScheduleAction = 'pause' | 'resume' | 'cancel' | 'skipNext';

const STATUS_OF = { pause: 'paused', resume: 'active', cancel: 'cancelled' } as const;

export async function changeSchedule(
  ctx: AuthedContext,
  scheduleId: string,
  action: ScheduleAction,
): Promise<ScheduleView> {
  const owner = ctx.auth.user.id;
  if (action === 'skipNext') {
    return scheduleView(await ctx.store.skipNextScheduleRun(scheduleId, owner));
  }
  const reason = action === 'cancel' ? 'cancelled by you' : undefined;
  return scheduleView(
    await ctx.store.setScheduleStatus(scheduleId, owner, STATUS_OF[action], reason),
  );
}
