import type { LedgerAccountId } from '../ids.ts';
import type { Minor } from '../money.ts';
import type { Schedule, ScheduleRun, ScheduleStatus } from '../schedules.ts';

/** The schedules tables' rows (migration 4) and their domain shapes. */

export interface ScheduleRow {
  id: string;
  owner_id: string;
  kind: Schedule['kind'];
  to_account: string;
  to_account_number: number | null;
  goal_id: string | null;
  amount: number;
  note: string;
  frequency: Schedule['frequency'];
  start_date: string;
  end_date: string | null;
  max_runs: number | null;
  status: ScheduleStatus;
  next_run_date: string | null;
  runs_done: number;
  attempts: number;
  next_attempt_at: number;
  lease_until: number;
  last_error: string | null;
  end_reason: string | null;
  idempotency_key: string;
  fingerprint: string;
  created_at: number;
  updated_at: number;
}

export interface RunRow {
  schedule_id: string;
  run_date: string;
  status: ScheduleRun['status'];
  transfer_id: string | null;
  reason: string | null;
  attempts: number;
  settled_at: number;
}

export const toSchedule = (r: ScheduleRow): Schedule => ({
  id: r.id,
  ownerId: r.owner_id,
  kind: r.kind,
  toAccount: r.to_account as LedgerAccountId,
  toAccountNumber: r.to_account_number,
  goalId: r.goal_id,
  amount: r.amount as Minor,
  note: r.note,
  frequency: r.frequency,
  startDate: r.start_date,
  endDate: r.end_date,
  count: r.max_runs,
  status: r.status,
  nextRunDate: r.status === 'cancelled' ? null : r.next_run_date,
  runsDone: r.runs_done,
  attempts: r.attempts,
  nextAttemptAt: new Date(r.next_attempt_at),
  lastError: r.last_error,
  endReason: r.end_reason,
  idempotencyKey: r.idempotency_key,
  createdAt: new Date(r.created_at),
});

export const toRun = (r: RunRow): ScheduleRun => ({
  scheduleId: r.schedule_id,
  date: r.run_date,
  status: r.status,
  transferId: r.transfer_id,
  reason: r.reason,
  attempts: r.attempts,
  settledAt: new Date(r.settled_at),
});
