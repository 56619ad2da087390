import { describe, expect, it } from 'vitest';
import { LegacyHistoryCache, withJsonArray } from './history-cache.ts';

const key = (accountNumber: number, income = 100, expense = -10) => ({
  accountNumber,
  income,
  expense,
});

describe('legacy history cache', () => {
  it('answers only while the account’s all-time sums are unchanged', () => {
    const cache = new LegacyHistoryCache();
    cache.set(key(1000), '[1]');
    expect(cache.get(key(1000))).toBe('[1]');
    expect(cache.get(key(1000, 101))).toBeUndefined();
    expect(cache.get(key(1000, 100, -11))).toBeUndefined();
    expect(cache.get(key(1001))).toBeUndefined();
    cache.set(key(1000, 101), '[1,2]');
    expect(cache.get(key(1000, 101))).toBe('[1,2]');
    expect(cache.get(key(1000))).toBeUndefined();
  });

  it('stays within its bound, dropping the least recently used account first', () => {
    const cache = new LegacyHistoryCache();
    const big = `[${'0,'.repeat(450_000)}0]`; // ~0.9 M chars; the bound is 4 M
    for (let n = 0; n < 4; n++) cache.set(key(n), big);
    expect(cache.get(key(0))).toBe(big); // 0 is now the most recent
    cache.set(key(4), big);
    expect(cache.get(key(1))).toBeUndefined();
    expect(cache.get(key(0))).toBe(big);
    expect(cache.get(key(4))).toBe(big);
  });
});

describe('withJsonArray', () => {
  it('splices the array text in as one more field of valid JSON', () => {
    const raw = withJsonArray({ username: 'a"}],"x":1', n: 2 }, 'all_transactions', '[{"a":1}]');
    expect(JSON.parse(raw.text)).toEqual({
      username: 'a"}],"x":1',
      n: 2,
      all_transactions: [{ a: 1 }],
    });
    expect(JSON.parse(withJsonArray({}, 'transactions', '[]').text)).toEqual({ transactions: [] });
  });
});
