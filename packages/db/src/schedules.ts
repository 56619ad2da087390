import type { GoalId, LedgerAccountId, UserId } from './ids.ts';
import type { Minor } from './money.ts';

/**
 * Scheduled payments: their stored shape and the pure calendar that says when each
 * occurrence falls. Dates are local calendar dates 'YYYY-MM-DD' in the deployment's
 * TIME_ZONE; the store compares them as strings (that order is date order).
 */

export const SCHEDULE_KINDS = ['transfer', 'goal_deposit'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];
export const SCHEDULE_FREQUENCIES = ['once', 'weekly', 'monthly'] as const;
export type ScheduleFrequency = (typeof SCHEDULE_FREQUENCIES)[number];
export type ScheduleStatus = 'active' | 'paused' | 'cancelled' | 'completed';
export type ScheduleRunStatus = 'paid' | 'failed' | 'skipped';

export interface Schedule {
  id: string;
  ownerId: UserId;
  kind: ScheduleKind;
  /** The ledger account each run credits: a user's main account or a goal's. */
  toAccount: LedgerAccountId;
  /** Set for kind 'transfer'. */
  toAccountNumber: number | null;
  /** Set for kind 'goal_deposit'. */
  goalId: GoalId | null;
  amount: Minor;
  note: string;
  frequency: ScheduleFrequency;
  startDate: string;
  /** Inclusive last date an occurrence may fall on. */
  endDate: string | null;
  /** How many occurrences in all (paid, failed or skipped). */
  count: number | null;
  status: ScheduleStatus;
  /** The next occurrence not yet settled; null once the schedule has ended. */
  nextRunDate: string | null;
  /** Occurrences settled so far: nextRunDate is occurrence number runsDone. */
  runsDone: number;
  /** Failed attempts (insufficient funds) of the run at nextRunDate. */
  attempts: number;
  /** The run at nextRunDate is not tried before this (retries wait here). */
  nextAttemptAt: Date;
  lastError: string | null;
  /** Why the schedule was cancelled (by its owner or because its payee is gone). */
  endReason: string | null;
  idempotencyKey: string;
  createdAt: Date;
}

export interface NewSchedule {
  ownerId: UserId;
  kind: ScheduleKind;
  toAccount: LedgerAccountId;
  toAccountNumber: number | null;
  goalId: GoalId | null;
  amount: Minor;
  note: string;
  frequency: ScheduleFrequency;
  startDate: string;
  endDate: string | null;
  count: number | null;
  /** Scoped to the owner: the same key and request returns the first schedule. */
  idempotencyKey: string;
}

export interface ScheduleRun {
  scheduleId: string;
  date: string;
  status: ScheduleRunStatus;
  transferId: string | null;
  reason: string | null;
  /** Attempts made (0 for a skipped run). */
  attempts: number;
  settledAt: Date;
}

/** The outcome of one occurrence, recorded once (compare-and-set on nextRunDate). */
export interface SettleRun {
  scheduleId: string;
  date: string;
  status: ScheduleRunStatus;
  transferId?: string | null;
  reason?: string | null;
  /** Ends the schedule as cancelled, with `reason` (its payee or goal is gone). */
  cancel?: boolean;
}

/** What makes two create calls with one key "the same request". */
export const scheduleFingerprint = (s: NewSchedule): string =>
  JSON.stringify([
    s.kind,
    s.toAccount,
    s.amount,
    s.note,
    s.frequency,
    s.startDate,
    s.endDate,
    s.count,
  ]);

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since the epoch of a 'YYYY-MM-DD' that names a real date, else null. */
export function dayNumber(date: string): number | null {
  const m = DATE_RE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    return null;
  }
  return t / DAY_MS;
}

/** 'YYYY-MM-DD' of a day number. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** `date` moved by `days` (negative goes back). */
export function addDays(date: string, days: number): string {
  const n = dayNumber(date);
  if (n === null) throw new RangeError(`not a date: ${date}`);
  return dateOfDay(n + days);
}

/**
 * Occurrence number `index` (0 is startDate). Weekly: every 7 days. Monthly: the
 * start's day of the month, or the month's last day when the month is shorter
 * (31 Jan -> 28 or 29 Feb -> 31 Mar: each month counts from the start, never from
 * the shortened date before it).
 */
export function occurrence(startDate: string, frequency: ScheduleFrequency, index: number): string {
  const start = dayNumber(startDate);
  if (start === null) throw new RangeError(`not a date: ${startDate}`);
  if (frequency === 'once' || index === 0) return startDate;
  if (frequency === 'weekly') return dateOfDay(start + 7 * index);
  const s = new Date(start * DAY_MS);
  const monthIndex = s.getUTCMonth() + index;
  const year = s.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return dateOfDay(Date.UTC(year, month, Math.min(s.getUTCDate(), last)) / DAY_MS);
}

/** Occurrence number `index` if the schedule has one (count, end date, 'once'), else null. */
export function occurrenceOrNull(
  s: Pick<Schedule, 'startDate' | 'frequency' | 'endDate' | 'count'>,
  index: number,
): string | null {
  if (s.frequency === 'once' && index > 0) return null;
  if (s.count !== null && index >= s.count) return null;
  const date = occurrence(s.startDate, s.frequency, index);
  return s.endDate !== null && date > s.endDate ? null : date;
}

/** The idempotency key of a run's transfer; API keys may not contain '/', so none can collide. */
export const scheduleRunKey = (scheduleId: string, date: string): string =>
  `schedule/${scheduleId}/${date}`;

/** The schedule that made a transfer, read back from its key; null for any other key. */
export function scheduleIdOfKey(key: string): string | null {
  const m = /^schedule\/([a-z0-9]+)\/\d{4}-\d{2}-\d{2}$/.exec(key);
  return m ? (m[1] ?? null) : null;
}
