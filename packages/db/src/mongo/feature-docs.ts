/**
 * Documents of the second wave's collections (events, requests, schedules) as stored.
 * Kept apart from the area modules so collections.ts needs no area code (no import cycle).
 */
import type { LedgerAccountId } from '../ids.ts';
import type { Schedule, ScheduleRun, ScheduleStatus } from '../schedules.ts';
import type { EventType, Json } from '../types.ts';
import { money } from './docs.ts';

/** One event as stored; `_id` is `<userId>:<seq>`, so a seq can never be written twice. */
export interface EventDoc {
  _id: string;
  userId: string;
  seq: number;
  type: EventType;
  at: Date;
  payload: { [key: string]: Json };
}

/** The user's event counter: outlives pruning, so a seq is never reused. */
export interface EventCounterDoc {
  _id: string;
  seq: number;
}

/** A request as stored; names and account numbers are read from the users on the way out. */
export interface RequestDoc {
  _id: string;
  requesterId: string;
  payerId: string;
  amount: number;
  note: string;
  status: 'pending' | 'paid' | 'declined' | 'cancelled';
  createdAt: Date;
  expiresAt: Date;
  settledAt: Date | null;
  transferId: string | null;
  createKey: string;
  /** As asked (expiresAt = createdAt + ttlMs): part of what makes a replay the same request. */
  ttlMs: number;
  payKey: string | null;
}

export interface RequestSettingDoc {
  _id: string;
  enabled: boolean;
}

export interface ScheduleDoc {
  _id: string;
  ownerId: string;
  kind: Schedule['kind'];
  toAccount: string;
  toAccountNumber: number | null;
  goalId: string | null;
  amount: number;
  note: string;
  frequency: Schedule['frequency'];
  startDate: string;
  endDate: string | null;
  count: number | null;
  status: ScheduleStatus;
  nextRunDate: string | null;
  runsDone: number;
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil: Date;
  lastError: string | null;
  endReason: string | null;
  idempotencyKey: string;
  fingerprint: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Schedules, their runs and round-up settings; mirrors sqlite/schedules.ts. */

/** `_id` is `<scheduleId>/<date>`: the unique id makes settling a date twice impossible. */
export interface ScheduleRunDoc {
  _id: string;
  scheduleId: string;
  date: string;
  status: ScheduleRun['status'];
  transferId: string | null;
  reason: string | null;
  attempts: number;
  settledAt: Date;
}

/** One per owner (`_id` is the owner's id): at most one goal collects round-ups. */
export interface RoundUpDoc {
  _id: string;
  goalId: string;
  updatedAt: Date;
}

/** Stored schedule documents to the domain's shapes (both schedules.ts and schedule-runs.ts read them). */
export const toSchedule = (d: ScheduleDoc): Schedule => ({
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
export const toRun = (d: ScheduleRunDoc): ScheduleRun => ({
  scheduleId: d.scheduleId,
  date: d.date,
  status: d.status,
  transferId: d.transferId,
  reason: d.reason,
  attempts: d.attempts,
  settledAt: d.settledAt,
});
export const LIVE: ScheduleStatus[] = ['active', 'paused'];
