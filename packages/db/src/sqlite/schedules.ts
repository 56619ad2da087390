import type { SchedulesArea } from '../areas.ts';
import { DomainError } from '../errors.ts';
import { scheduleRunEvent } from '../events.ts';
import { newId } from '../ids.ts';
import {
  firstRunOf,
  isEnded,
  replaysEarlier,
  scheduleEnded,
  scheduleNotFound,
} from '../schedule-rules.ts';
import {
  type NewSchedule,
  occurrenceOrNull,
  type Schedule,
  type ScheduleStatus,
  type SettleRun,
  scheduleFingerprint,
} from '../schedules.ts';
import type { SqliteContext } from './context.ts';
import { createEventWriter } from './events.ts';
import { type RunRow, type ScheduleRow, toRun, toSchedule } from './schedule-rows.ts';

/** Schedules, their runs and round-up settings (tables: migration 4; rows in schedule-rows.ts). */

export function schedules(ctx: SqliteContext): SchedulesArea {
  const { db, now } = ctx;
  const events = createEventWriter(ctx);
  const byId = db.prepare<[string], ScheduleRow>('SELECT * FROM schedules WHERE id = ?');
  const byKey = db.prepare<[string, string], ScheduleRow>(
    'SELECT * FROM schedules WHERE owner_id = ? AND idempotency_key = ?',
  );
  const byOwner = db.prepare<[string], ScheduleRow>(
    'SELECT * FROM schedules WHERE owner_id = ? ORDER BY created_at DESC, id DESC',
  );
  const insert = db.prepare<[ScheduleRow]>(`
    INSERT INTO schedules (id, owner_id, kind, to_account, to_account_number, goal_id, amount,
      note, frequency, start_date, end_date, max_runs, status, next_run_date, runs_done, attempts,
      next_attempt_at, lease_until, last_error, end_reason, idempotency_key, fingerprint,
      created_at, updated_at)
    VALUES (@id, @owner_id, @kind, @to_account, @to_account_number, @goal_id, @amount,
      @note, @frequency, @start_date, @end_date, @max_runs, @status, @next_run_date, @runs_done,
      @attempts, @next_attempt_at, @lease_until, @last_error, @end_reason, @idempotency_key,
      @fingerprint, @created_at, @updated_at)`);
  const setStatus = db.prepare<[ScheduleStatus, string | null, number, string]>(
    'UPDATE schedules SET status = ?, end_reason = ?, updated_at = ? WHERE id = ?',
  );
  const runs = db.prepare<[string, number], RunRow>(
    'SELECT * FROM schedule_runs WHERE schedule_id = ? ORDER BY run_date DESC LIMIT ?',
  );
  const insertRun = db.prepare<[RunRow]>(`
    INSERT INTO schedule_runs (schedule_id, run_date, status, transfer_id, reason, attempts, settled_at)
    VALUES (@schedule_id, @run_date, @status, @transfer_id, @reason, @attempts, @settled_at)`);
  const advance = db.prepare<
    [string | null, number, ScheduleStatus, string | null, number, string]
  >(`
    UPDATE schedules SET next_run_date = ?, runs_done = ?, status = ?, end_reason = ?,
      attempts = 0, next_attempt_at = 0, lease_until = 0, last_error = NULL, updated_at = ?
    WHERE id = ?`);
  const due = db.prepare<[string, number, number, number], ScheduleRow>(`
    SELECT * FROM schedules
    WHERE status IN ('active', 'paused') AND next_run_date <= ?
      AND next_attempt_at <= ? AND lease_until <= ?
    ORDER BY next_run_date, id LIMIT ?`);
  const lease = db.prepare<[number, string]>('UPDATE schedules SET lease_until = ? WHERE id = ?');
  const defer = db.prepare<[number, string, number, string, string]>(`
    UPDATE schedules SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?,
      lease_until = 0, updated_at = ? WHERE id = ? AND next_run_date = ?`);
  const roundUpOf = db
    .prepare<[string], string>('SELECT goal_id FROM round_ups WHERE owner_id = ?')
    .pluck();
  const putRoundUp = db.prepare<[string, string, number]>(`
    INSERT INTO round_ups (owner_id, goal_id, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (owner_id) DO UPDATE SET goal_id = excluded.goal_id, updated_at = excluded.updated_at`);
  const dropRoundUp = db.prepare<[string, string]>(
    'DELETE FROM round_ups WHERE owner_id = ? AND goal_id = ?',
  );
  const goalRow = db.prepare<[string], { owner_id: string; status: string }>(
    'SELECT owner_id, status FROM goals WHERE id = ?',
  );

  const owned = (id: string, ownerId: string): ScheduleRow => {
    const row = byId.get(id);
    if (!row || row.owner_id !== ownerId) throw scheduleNotFound();
    return row;
  };

  const create = db.transaction((input: NewSchedule) => {
    const fp = scheduleFingerprint(input);
    const earlier = byKey.get(input.ownerId, input.idempotencyKey);
    if (earlier) {
      return { schedule: toSchedule(earlier), replayed: replaysEarlier(earlier.fingerprint, fp) };
    }
    const first = firstRunOf(input);
    const at = now();
    const row: ScheduleRow = {
      id: newId(at),
      owner_id: input.ownerId,
      kind: input.kind,
      to_account: input.toAccount,
      to_account_number: input.toAccountNumber,
      goal_id: input.goalId,
      amount: input.amount,
      note: input.note,
      frequency: input.frequency,
      start_date: input.startDate,
      end_date: input.endDate,
      max_runs: input.count,
      status: 'active',
      next_run_date: first,
      runs_done: 0,
      attempts: 0,
      next_attempt_at: 0,
      lease_until: 0,
      last_error: null,
      end_reason: null,
      idempotency_key: input.idempotencyKey,
      fingerprint: fp,
      created_at: at,
      updated_at: at,
    };
    insert.run(row);
    return { schedule: toSchedule(row), replayed: false };
  });

  const changeStatus = db.transaction(
    (id: string, ownerId: string, status: 'active' | 'paused' | 'cancelled', reason?: string) => {
      const row = owned(id, ownerId);
      if (isEnded(row.status)) throw scheduleEnded();
      setStatus.run(status, status === 'cancelled' ? (reason ?? 'cancelled') : null, now(), id);
      return toSchedule(owned(id, ownerId));
    },
  );

  /** Records the run at nextRunDate and moves to the next occurrence; null if already settled. */
  const settleOne = (input: SettleRun): Schedule | null => {
    const row = byId.get(input.scheduleId);
    if (!row || row.next_run_date !== input.date || row.status === 'completed') return null;
    const at = now();
    insertRun.run({
      schedule_id: row.id,
      run_date: input.date,
      status: input.status,
      transfer_id: input.transferId ?? null,
      reason: input.reason ?? null,
      attempts: input.status === 'skipped' ? row.attempts : row.attempts + 1,
      settled_at: at,
    });
    const done = row.runs_done + 1;
    const next = occurrenceOrNull(toSchedule(row), done);
    let status: ScheduleStatus = row.status;
    let reason = row.end_reason;
    if (input.cancel) {
      status = 'cancelled';
      reason = input.reason ?? 'cancelled';
    } else if (next === null && !isEnded(status)) {
      status = 'completed';
    }
    advance.run(next, done, status, reason, at, row.id);
    const settled = toSchedule(byId.get(row.id) as ScheduleRow);
    events.write([scheduleRunEvent(settled, input)]);
    return settled;
  };
  const settle = db.transaction((inputs: SettleRun[]) => inputs.map(settleOne));

  const skipNext = db.transaction((id: string, ownerId: string) => {
    const row = owned(id, ownerId);
    if (isEnded(row.status) || row.next_run_date === null) throw scheduleEnded();
    return settleOne({
      scheduleId: id,
      date: row.next_run_date,
      status: 'skipped',
      reason: 'skipped by you',
    }) as Schedule;
  });

  const claim = db.transaction((today: string, limit: number, leaseMs: number) => {
    const at = now();
    const rows = due.all(today, at, at, limit);
    for (const r of rows) lease.run(at + leaseMs, r.id);
    return rows.map(toSchedule);
  });

  const setRoundUp = db.transaction((ownerId: string, goalId: string, enabled: boolean) => {
    const goal = goalRow.get(goalId);
    if (!goal || goal.owner_id !== ownerId) throw new DomainError('GOAL_NOT_FOUND', 'no such goal');
    if (!enabled) {
      dropRoundUp.run(ownerId, goalId);
      return;
    }
    if (goal.status !== 'active') throw new DomainError('GOAL_CLOSED', 'the goal is closed');
    // One row per owner: turning it on for this goal turns it off for any other.
    putRoundUp.run(ownerId, goalId, now());
  });

  // async: a thrown DomainError becomes a rejection.
  return {
    createSchedule: async (input: NewSchedule) => create.immediate(input),
    getSchedule: async (id: string) => {
      const row = byId.get(id);
      return row ? toSchedule(row) : null;
    },
    listSchedules: async (ownerId: string) => byOwner.all(ownerId).map(toSchedule),
    listScheduleRuns: async (id: string, limit = 50) =>
      runs.all(id, Math.min(500, Math.max(1, Math.trunc(limit)))).map(toRun),
    setScheduleStatus: async (id, ownerId, status, reason) =>
      changeStatus.immediate(id, ownerId, status, reason),
    skipNextScheduleRun: async (id: string, ownerId: string) => skipNext.immediate(id, ownerId),
    claimDueSchedules: async (today: string, limit: number, leaseMs: number) =>
      claim.immediate(today, limit, leaseMs),
    settleScheduleRuns: async (inputs: SettleRun[]) => settle.immediate(inputs),
    deferScheduleRun: async (id: string, date: string, retryAt: Date, reason: string) =>
      defer.run(retryAt.getTime(), reason, now(), id, date).changes > 0,
    getRoundUpGoal: async (ownerId: string) => roundUpOf.get(ownerId) ?? null,
    setRoundUp: async (ownerId: string, goalId: string, enabled: boolean) => {
      setRoundUp.immediate(ownerId, goalId, enabled);
    },
  };
}
