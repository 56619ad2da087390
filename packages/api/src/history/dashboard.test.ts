import { describe, expect, it } from 'vitest';
import { monthRanges } from './dashboard.ts';

const last = (now: string, zone: string) => monthRanges(Date.parse(now), zone).months.at(-1);

describe('cached month ranges', () => {
  it('follow the zone: one instant is January in UTC and February in Kolkata', () => {
    const instant = '2025-01-31T20:00:00Z';
    expect(last(instant, 'UTC')?.label).toBe('2025-01');
    expect(last(instant, 'Asia/Kolkata')?.label).toBe('2025-02');
    expect(last(instant, 'Asia/Kolkata')?.range.from.toISOString()).toBe(
      '2025-01-31T18:30:00.000Z',
    );
    expect(last(instant, 'UTC')?.label).toBe('2025-01');
  });

  it('move on when the clock crosses a month boundary, and back when it goes back', () => {
    expect(last('2025-03-31T23:59:59.999Z', 'UTC')?.label).toBe('2025-03');
    const april = monthRanges(Date.parse('2025-04-01T00:00:00Z'), 'UTC');
    expect(april.months.at(-1)?.label).toBe('2025-04');
    expect(april.allTime.to.toISOString()).toBe('2025-05-01T00:00:00.000Z');
    expect(last('2025-03-15T00:00:00Z', 'UTC')?.label).toBe('2025-03');
  });

  it('give the same answer from the cache as when first computed', () => {
    const first = monthRanges(Date.parse('2024-11-03T12:00:00Z'), 'America/New_York');
    const again = monthRanges(Date.parse('2024-11-20T12:00:00Z'), 'America/New_York');
    expect(again).toEqual(first);
    expect(again.months[0]?.label).toBe('2023-12');
  });
});
