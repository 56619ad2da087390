import type { SchedulesArea } from '../areas.ts';
import type { UserId } from '../ids.ts';
import { firstRunOf, replaysEarlier, scheduleEnded, scheduleNotFound } from '../schedule-rules.ts';
import {
  type NewSchedule,
  type Schedule,
  type ScheduleRun,
  scheduleFingerprint,
} from '../schedules.ts';
import { againIfDuplicate, type MongoContext, nextId } from './context.ts';
import { LIVE, type ScheduleDoc, toRun, toSchedule } from './feature-docs.ts';

import { newestId } from './newest.ts';
import { getRoundUpGoal, setRoundUp } from './round-ups.ts';
import {
  claimDueSchedules,
  deferScheduleRun,
  settleScheduleRuns,
  skipNextScheduleRun,
} from './schedule-runs.ts';

export function createSchedule(
  ctx: MongoContext,
  input: NewSchedule,
): Promise<{ schedule: Schedule; replayed: boolean }> {
  const fp = scheduleFingerprint(input);
  // A concurrent create with the same key loses on the unique index and replays the winner.
  return againIfDuplicate(async () => {
    const earlier = await ctx.col.schedules.findOne({
      ownerId: input.ownerId,
      idempotencyKey: input.idempotencyKey,
    });
    if (earlier) {
      return { schedule: toSchedule(earlier), replayed: replaysEarlier(earlier.fingerprint, fp) };
    }
    const first = firstRunOf(input);
    const at = ctx.now();
    const newest = await newestId(ctx.col.schedules, { ownerId: input.ownerId });
    const doc: ScheduleDoc = {
      _id: nextId(at, newest), // above the owner's newest schedule (newest.ts)
      ownerId: input.ownerId,
      kind: input.kind,
      toAccount: input.toAccount,
      toAccountNumber: input.toAccountNumber,
      goalId: input.goalId,
      amount: input.amount,
      note: input.note,
      frequency: input.frequency,
      startDate: input.startDate,
      endDate: input.endDate,
      count: input.count,
      status: 'active',
      nextRunDate: first,
      runsDone: 0,
      attempts: 0,
      nextAttemptAt: new Date(0),
      leaseUntil: new Date(0),
      lastError: null,
      endReason: null,
      idempotencyKey: input.idempotencyKey,
      fingerprint: fp,
      createdAt: new Date(at),
      updatedAt: new Date(at),
    };
    await ctx.col.schedules.insertOne(doc);
    return { schedule: toSchedule(doc), replayed: false };
  });
}

export async function getSchedule(ctx: MongoContext, id: string): Promise<Schedule | null> {
  const doc = await ctx.col.schedules.findOne({ _id: id });
  return doc ? toSchedule(doc) : null;
}

export async function listSchedules(ctx: MongoContext, ownerId: UserId): Promise<Schedule[]> {
  const docs = await ctx.col.schedules.find({ ownerId }).sort({ _id: -1 }).toArray();
  return docs.map(toSchedule);
}

export async function listScheduleRuns(
  ctx: MongoContext,
  scheduleId: string,
  limit = 50,
): Promise<ScheduleRun[]> {
  const n = Math.min(500, Math.max(1, Math.trunc(limit)));
  const docs = await ctx.col.scheduleRuns
    .find({ scheduleId })
    .sort({ date: -1 })
    .limit(n)
    .toArray();
  return docs.map(toRun);
}

/** Only a live schedule changes (the filter is the check, so a concurrent end wins). */
export async function setScheduleStatus(
  ctx: MongoContext,
  id: string,
  ownerId: UserId,
  status: 'active' | 'paused' | 'cancelled',
  reason?: string,
): Promise<Schedule> {
  const doc = await ctx.col.schedules.findOneAndUpdate(
    { _id: id, ownerId, status: { $in: LIVE } },
    {
      $set: {
        status,
        endReason: status === 'cancelled' ? (reason ?? 'cancelled') : null,
        updatedAt: new Date(ctx.now()),
      },
    },
    { returnDocument: 'after' },
  );
  if (doc) return toSchedule(doc);
  const found = await ctx.col.schedules.findOne({ _id: id });
  if (!found || found.ownerId !== ownerId) throw scheduleNotFound();
  throw scheduleEnded();
}

export function schedules(ctx: MongoContext): SchedulesArea {
  return {
    createSchedule: (input) => createSchedule(ctx, input),
    getSchedule: (id) => getSchedule(ctx, id),
    listSchedules: (ownerId) => listSchedules(ctx, ownerId),
    listScheduleRuns: (id, limit) => listScheduleRuns(ctx, id, limit),
    setScheduleStatus: (id, ownerId, status, reason) =>
      setScheduleStatus(ctx, id, ownerId, status, reason),
    skipNextScheduleRun: (id, ownerId) => skipNextScheduleRun(ctx, id, ownerId),
    claimDueSchedules: (today, limit, leaseMs) => claimDueSchedules(ctx, today, limit, leaseMs),
    settleScheduleRuns: (runs) => settleScheduleRuns(ctx, runs),
    deferScheduleRun: (id, date, retryAt, reason) =>
      deferScheduleRun(ctx, id, date, retryAt, reason),
    getRoundUpGoal: (ownerId) => getRoundUpGoal(ctx, ownerId),
    setRoundUp: (ownerId, goalId, enabled) => setRoundUp(ctx, ownerId, goalId, enabled),
  };
}
