import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayNumber,
  occurrence,
  occurrenceOrNull,
  scheduleIdOfKey,
  scheduleRunKey,
} from './schedules.ts';

describe('schedule calendar', () => {
  it('monthly on the 31st falls back to the last day of shorter months, never drifting', () => {
    const dates = [0, 1, 2, 3, 12, 13].map((i) => occurrence('2023-01-31', 'monthly', i));
    expect(dates).toEqual([
      '2023-01-31',
      '2023-02-28',
      '2023-03-31',
      '2023-04-30',
      '2024-01-31',
      '2024-02-29',
    ]);
  });

  it('29 February in a leap year, then the last day of February in common years', () => {
    expect([0, 12, 24, 48].map((i) => occurrence('2024-02-29', 'monthly', i))).toEqual([
      '2024-02-29',
      '2025-02-28',
      '2026-02-28',
      '2028-02-29',
    ]);
    expect(occurrence('2024-01-30', 'monthly', 1)).toBe('2024-02-29');
    expect(occurrence('2023-01-29', 'monthly', 1)).toBe('2023-02-28');
  });

  it('weekly steps 7 days across month and year ends', () => {
    expect([0, 1, 2].map((i) => occurrence('2024-12-25', 'weekly', i))).toEqual([
      '2024-12-25',
      '2025-01-01',
      '2025-01-08',
    ]);
  });

  it('count, end date and once bound the occurrences', () => {
    const base = {
      startDate: '2024-01-31',
      frequency: 'monthly' as const,
      endDate: null,
      count: null,
    };
    expect(occurrenceOrNull({ ...base, count: 2 }, 1)).toBe('2024-02-29');
    expect(occurrenceOrNull({ ...base, count: 2 }, 2)).toBeNull();
    expect(occurrenceOrNull({ ...base, endDate: '2024-03-30' }, 2)).toBeNull();
    expect(occurrenceOrNull({ ...base, endDate: '2024-03-31' }, 2)).toBe('2024-03-31');
    expect(occurrenceOrNull({ ...base, frequency: 'once' }, 1)).toBeNull();
  });

  it('dates are validated, and keys name their schedule', () => {
    expect(dayNumber('2023-02-29')).toBeNull();
    expect(dayNumber('2024-02-29')).not.toBeNull();
    expect(dayNumber('2024-2-1')).toBeNull();
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(scheduleIdOfKey(scheduleRunKey('abc123', '2024-01-31'))).toBe('abc123');
    expect(scheduleIdOfKey('schedule:abc:2024-01-31')).toBeNull();
  });
});
