import { describe, expect, it } from 'vitest';
import { parseAmount, sumMinor, toMajor } from './money.ts';

const MAX = 10_000_000_00;

describe('toMajor', () => {
  it('renders minor units as a major-unit number with at most 2 decimals', () => {
    expect(toMajor(10010)).toBe(100.1);
    expect(JSON.stringify(toMajor(10010))).toBe('100.1');
    expect(toMajor(1)).toBe(0.01);
    expect(toMajor(30)).toBe(0.3);
    expect(toMajor(-25050)).toBe(-250.5);
    expect(toMajor(0)).toBe(0);
    expect(Object.is(toMajor(-0), 0)).toBe(true);
    expect(toMajor(10_000_000_00)).toBe(10_000_000);
  });

  it('difference 2: sums of many small amounts stay exact (no float drift)', () => {
    const tenths = Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? 10 : 20));
    expect(toMajor(sumMinor(tenths))).toBe(150);
    // The float way drifts: 0.1 + 0.2 !== 0.3.
    expect(toMajor(sumMinor([10, 20]))).toBe(0.3);
    expect(JSON.stringify(toMajor(sumMinor([10, 20])))).toBe('0.3');
    for (let n = 1; n < 5000; n += 7) expect(String(toMajor(n))).toMatch(/^\d+(\.\d{1,2})?$/);
  });
});

describe('parseAmount', () => {
  it('accepts JSON numbers and numeric strings', () => {
    expect(parseAmount(250.5, MAX)).toBe(25050);
    expect(parseAmount('250.50', MAX)).toBe(25050);
    expect(parseAmount(' 100 ', MAX)).toBe(10000);
    expect(parseAmount(0.1, MAX)).toBe(10);
    expect(parseAmount('0.01', MAX)).toBe(1);
  });

  it('accepts a typed amount with digits on one side of the point only (.5, 5.)', () => {
    expect(parseAmount('.5', MAX)).toBe(50);
    expect(parseAmount('.05', MAX)).toBe(5);
    expect(parseAmount('12.', MAX)).toBe(1200);
    expect(parseAmount(' 7. ', MAX)).toBe(700);
    for (const bad of ['.', ' . ', '..5', '5..', '.005', '.0', '0.'])
      expect(parseAmount(bad, MAX), bad).toBeNull();
  });

  it('difference 1: refuses negative, zero, non-finite, over-precise and over-max amounts', () => {
    for (const bad of [
      -5,
      '-5',
      0,
      '0',
      '0.00',
      Number.NaN,
      Number.POSITIVE_INFINITY,
      'Infinity',
      1.005,
      '1.005',
      0.1 + 0.2,
      1e-7,
      '1e3',
      'abc',
      '',
      MAX / 100 + 0.01,
    ])
      expect(parseAmount(bad, MAX), String(bad)).toBeNull();
    expect(parseAmount(MAX / 100, MAX)).toBe(MAX);
  });

  it('difference 8: refuses objects, arrays and booleans', () => {
    for (const bad of [{ $gt: 0 }, [5], true, null, undefined])
      expect(parseAmount(bad, MAX)).toBeNull();
  });
});
