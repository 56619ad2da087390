import { describe, expect, it } from 'vitest';
import { groupByDay } from './group-by-day.ts';
import { activeFilterCount, filtersFromParams, paramsFromFilters } from './history-filters.ts';

describe('history filters in the URL', () => {
  it('round-trip through the query string', () => {
    const f = { kind: 'transfer', from: '2026-12-01', to: '2026-12-04', q: 'rent' } as const;
    const qs = paramsFromFilters(f).toString();
    expect(qs).toBe('kind=transfer&from=2026-12-01&to=2026-12-04&q=rent');
    expect(filtersFromParams(new URLSearchParams(qs))).toEqual(f);
    expect(activeFilterCount(f)).toBe(4);
  });

  it('drop what a hand-edited URL gets wrong', () => {
    const f = filtersFromParams(
      new URLSearchParams('kind=loan&from=yesterday&to=2026-12-04&q=%20%20'),
    );
    expect(f).toEqual({ to: '2026-12-04' });
    expect(paramsFromFilters({}).toString()).toBe('');
  });
});

describe('groupByDay', () => {
  it('groups newest-first items per local day, naming today and yesterday', () => {
    const now = new Date(2026, 11, 4, 15, 0);
    const at = (d: number, h: number) => ({ createdAt: new Date(2026, 11, d, h).toISOString() });
    const groups = groupByDay([at(4, 14), at(4, 9), at(3, 22), at(1, 8)], now);
    expect(groups.map((g) => g.items.length)).toEqual([2, 1, 1]);
    expect(groups.map((g) => g.label).slice(0, 2)).toEqual(['Today', 'Yesterday']);
    expect(groups[2]?.label).toMatch(/^Tue, 1 Dec,? 2026$/); // ICU versions differ on the comma
  });
});
