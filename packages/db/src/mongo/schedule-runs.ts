import type { ClientSession } from 'mongodb';
import { scheduleRunEvent } from '../events.ts';
import type { UserId } from '../ids.ts';
import { scheduleEnded, scheduleNotFound } from '../schedule-rules.ts';
import {
  occurrenceOrNull,
  type Schedule,
  type ScheduleStatus,
  type SettleRun,
} from '../schedules.ts';
import { inTransaction, isDuplicateKey, type MongoContext } from './context.ts';
import { writeEvents } from './events.ts';
import { LIVE, toSchedule } from './feature-docs.ts';

// The scheduler's side of schedules: claiming due ones, settling and deferring runs.

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
  if (!after) return null;
  const settled = toSchedule(after);
  // Same transaction: a recorded run is always told to its owner's stream.
  await writeEvents(ctx, session, [scheduleRunEvent(settled, input)]);
  return settled;
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
