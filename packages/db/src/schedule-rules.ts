import { DomainError } from './errors.ts';
import { type NewSchedule, occurrenceOrNull, type ScheduleStatus } from './schedules.ts';

/** The refusals and checks both stores' schedules.ts share (written once, as rules.ts). */

export const scheduleNotFound = () => new DomainError('SCHEDULE_NOT_FOUND', 'no such schedule');
export const scheduleEnded = () => new DomainError('SCHEDULE_ENDED', 'the schedule has ended');
export const isEnded = (s: ScheduleStatus) => s === 'cancelled' || s === 'completed';

/** A key used before: the same request replays (true); another one is IDEMPOTENCY_CONFLICT. */
export function replaysEarlier(earlierFingerprint: string, fingerprint: string): true {
  if (earlierFingerprint !== fingerprint) {
    throw new DomainError('IDEMPOTENCY_CONFLICT', 'idempotency key reused for another request');
  }
  return true;
}

/** A new schedule's first run date; INVALID_SCHEDULE when it has none. */
export function firstRunOf(input: NewSchedule): string {
  const first = occurrenceOrNull(input, 0);
  if (first === null) throw new DomainError('INVALID_SCHEDULE', 'the schedule has no run');
  return first;
}
