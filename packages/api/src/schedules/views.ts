import { occurrenceOrNull, type Schedule, type ScheduleRun } from '@quickpay/db';

export interface ScheduleView {
  id: string;
  kind: Schedule['kind'];
  /** Positive: what each run moves out of the owner's account. */
  amount: number;
  note: string;
  frequency: Schedule['frequency'];
  status: Schedule['status'];
  /** Null once the schedule has ended. */
  nextRunDate: string | null;
  startDate: string;
  endDate: string | null;
  count: number | null;
  toAccountNumber: number | null;
  goalId: string | null;
  /** Occurrences settled so far (paid, failed or skipped). */
  runsDone: number;
  /** Why it was cancelled. */
  endReason: string | null;
  /** The last failed attempt of the next run, while it waits for a retry. */
  lastError: string | null;
  createdAt: string;
}

export interface ScheduleRunView {
  date: string;
  status: ScheduleRun['status'];
  transferId: string | null;
  reason: string | null;
  attempts: number;
  settledAt: string;
}

export const scheduleView = (s: Schedule): ScheduleView => ({
  id: s.id,
  kind: s.kind,
  amount: s.amount,
  note: s.note,
  frequency: s.frequency,
  status: s.status,
  nextRunDate: s.status === 'cancelled' || s.status === 'completed' ? null : s.nextRunDate,
  startDate: s.startDate,
  endDate: s.endDate,
  count: s.count,
  toAccountNumber: s.toAccountNumber,
  goalId: s.goalId,
  runsDone: s.runsDone,
  endReason: s.endReason,
  lastError: s.lastError,
  createdAt: s.createdAt.toISOString(),
});

export const runView = (r: ScheduleRun): ScheduleRunView => ({
  date: r.date,
  status: r.status,
  transferId: r.transferId,
  reason: r.reason,
  attempts: r.attempts,
  settledAt: r.settledAt.toISOString(),
});

/** One payment an active schedule will make on `date`. */
export interface UpcomingPayment {
  scheduleId: string;
  date: string;
  kind: Schedule['kind'];
  amount: number;
  note: string;
  toAccountNumber: number | null;
  goalId: string | null;
}

/** Every run of active schedules dated from `from` to `to` (inclusive), by date. */
export function upcomingPayments(
  schedules: Schedule[],
  from: string,
  to: string,
): UpcomingPayment[] {
  const out: UpcomingPayment[] = [];
  for (const s of schedules) {
    if (s.status !== 'active') continue;
    // At most ~8 weekly or 1 monthly occurrence falls in a week; 400 bounds a bad range.
    for (let i = s.runsDone; i < s.runsDone + 400; i++) {
      const date = occurrenceOrNull(s, i);
      if (date === null || date > to) break;
      if (date < from) continue;
      out.push({
        scheduleId: s.id,
        date,
        kind: s.kind,
        amount: s.amount,
        note: s.note,
        toAccountNumber: s.toAccountNumber,
        goalId: s.goalId,
      });
    }
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
