import type { ClientSession } from 'mongodb';
import type { SchedulesArea } from '../areas.ts';
import { DomainError } from '../errors.ts';
import type { LedgerAccountId, UserId } from '../ids.ts';
import { firstRunOf, replaysEarlier, scheduleEnded, scheduleNotFound } from '../schedule-rules.ts';
import {
  type NewSchedule,
  occurrenceOrNull,
  type Schedule,
  type ScheduleRun,
  type ScheduleStatus,
  type SettleRun,
  scheduleFingerprint,
} from '../schedules.ts';
import {
  againIfDuplicate,
  inTransaction,
  isDuplicateKey,
  type MongoContext,
  nextId,
} from './context.ts';
import { money } from './docs.ts';
import type { ScheduleDoc, ScheduleRunDoc } from './feature-docs.ts';

const toSchedule = (d: ScheduleDoc): Schedule => ({
  id: d._id,
  ownerId: d.ownerId,
  kind: d.kind,
  toAccount: d.toAccount as LedgerAccountId,
  toAccountNumber: d.toAccountNumber,
  goalId: d.goalId,
  amount: money(d.amount),
  note: d.note,
  frequency: d.frequency,
  startDate: d.startDate,
  endDate: d.endDate,
  count: d.count,
  status: d.status,
  nextRunDate: d.status === 'cancelled' ? null : d.nextRunDate,
  runsDone: d.runsDone,
  attempts: d.attempts,
  nextAttemptAt: d.nextAttemptAt,
  lastError: d.lastError,
  endReason: d.endReason,
  idempotencyKey: d.idempotencyKey,
  createdAt: d.createdAt,
});

const toRun = (d: ScheduleRunDoc): ScheduleRun => ({
  scheduleId: d.scheduleId,
  date: d.date,
  status: d.status,
  transferId: d.transferId,
  reason: d.reason,
  attempts: d.attempts,
  settledAt: d.settledAt,
});

const LIVE: ScheduleStatus[] = ['active', 'paused'];

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
    const doc: ScheduleDoc = {
      _id: nextId(at),
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

/** Inside `session`: the run record and the schedule's move to its next occurrence. */
async function settleIn(
  ctx: MongoContext,
  session: ClientSession,
  input: SettleRun,
): Promise<Schedule | null> {
  const doc = await ctx.col.schedules.findOne({ _id: input.scheduleId }, { session });
  if (!doc || doc.nextRunDate !== input.date || doc.status === 'completed') return null;
  const at = new Date(ctx.now());
  await ctx.col.scheduleRuns.insertOne(
    {
      _id: `${doc._id}/${input.date}`,
      scheduleId: doc._id,
      date: input.date,
      status: input.status,
      transferId: input.transferId ?? null,
      reason: input.reason ?? null,
      attempts: input.status === 'skipped' ? doc.attempts : doc.attempts + 1,
      settledAt: at,
    },
    { session },
  );
  const done = doc.runsDone + 1;
  const next = occurrenceOrNull(toSchedule(doc), done);
  let status: ScheduleStatus = doc.status;
  let endReason = doc.endReason;
  if (input.cancel) {
    status = 'cancelled';
    endReason = input.reason ?? 'cancelled';
  } else if (next === null && status !== 'cancelled') {
    status = 'completed';
  }
  const after = await ctx.col.schedules.findOneAndUpdate(
    { _id: doc._id, nextRunDate: input.date },
    {
      $set: {
        nextRunDate: next,
        runsDone: done,
        status,
        endReason,
        attempts: 0,
        nextAttemptAt: new Date(0),
        leaseUntil: new Date(0),
        lastError: null,
        updatedAt: at,
      },
    },
    { session, returnDocument: 'after' },
  );
  return after ? toSchedule(after) : null;
}

async function settleOne(ctx: MongoContext, input: SettleRun): Promise<Schedule | null> {
  try {
    return await inTransaction(ctx, (session) => settleIn(ctx, session, input));
  } catch (e) {
    // Another scheduler recorded this run first (its run document exists).
    if (isDuplicateKey(e)) return null;
    throw e;
  }
}

export async function settleScheduleRuns(
  ctx: MongoContext,
  runs: SettleRun[],
): Promise<(Schedule | null)[]> {
  const out: (Schedule | null)[] = [];
  for (const run of runs) out.push(await settleOne(ctx, run));
  return out;
}

export async function skipNextScheduleRun(
  ctx: MongoContext,
  id: string,
  ownerId: UserId,
): Promise<Schedule> {
  const doc = await ctx.col.schedules.findOne({ _id: id });
  if (!doc || doc.ownerId !== ownerId) throw scheduleNotFound();
  if (!LIVE.includes(doc.status) || doc.nextRunDate === null) throw scheduleEnded();
  const settled = await settleOne(ctx, {
    scheduleId: id,
    date: doc.nextRunDate,
    status: 'skipped',
    reason: 'skipped by you',
  });
  // Settled meanwhile by a scheduler: skip the occurrence after it instead.
  return settled ?? skipNextScheduleRun(ctx, id, ownerId);
}

/** One findOneAndUpdate per schedule (atomic read-and-lease), as claimDueSms does. */
export async function claimDueSchedules(
  ctx: MongoContext,
  today: string,
  limit: number,
  leaseMs: number,
): Promise<Schedule[]> {
  const at = ctx.now();
  const claimed: Schedule[] = [];
  while (claimed.length < limit) {
    const doc = await ctx.col.schedules.findOneAndUpdate(
      {
        status: { $in: LIVE },
        nextRunDate: { $ne: null, $lte: today },
        nextAttemptAt: { $lte: new Date(at) },
        leaseUntil: { $lte: new Date(at) },
        ...(claimed.length > 0 ? { _id: { $nin: claimed.map((s) => s.id) } } : {}),
      },
      { $set: { leaseUntil: new Date(at + leaseMs) } },
      { sort: { nextRunDate: 1, _id: 1 }, returnDocument: 'after' },
    );
    if (!doc) break;
    claimed.push(toSchedule(doc));
  }
  return claimed;
}

export async function deferScheduleRun(
  ctx: MongoContext,
  id: string,
  date: string,
  retryAt: Date,
  reason: string,
): Promise<boolean> {
  const r = await ctx.col.schedules.updateOne(
    { _id: id, nextRunDate: date },
    {
      $inc: { attempts: 1 },
      $set: {
        nextAttemptAt: retryAt,
        lastError: reason,
        leaseUntil: new Date(0),
        updatedAt: new Date(ctx.now()),
      },
    },
  );
  return r.modifiedCount > 0;
}

export async function getRoundUpGoal(ctx: MongoContext, ownerId: UserId): Promise<string | null> {
  return (await ctx.col.roundUps.findOne({ _id: ownerId }))?.goalId ?? null;
}

export async function setRoundUp(
  ctx: MongoContext,
  ownerId: UserId,
  goalId: string,
  enabled: boolean,
): Promise<void> {
  const goal = await ctx.col.goals.findOne({ _id: goalId });
  if (!goal || goal.ownerId !== ownerId) throw new DomainError('GOAL_NOT_FOUND', 'no such goal');
  if (!enabled) {
    await ctx.col.roundUps.deleteOne({ _id: ownerId, goalId });
    return;
  }
  if (goal.status !== 'active') throw new DomainError('GOAL_CLOSED', 'the goal is closed');
  await ctx.col.roundUps.updateOne(
    { _id: ownerId },
    { $set: { goalId, updatedAt: new Date(ctx.now()) } },
    { upsert: true },
  );
}

/** The area factory (./areas.ts): the functions above on one context. */
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
