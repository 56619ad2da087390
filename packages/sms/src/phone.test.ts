import { describe, expect, it } from 'vitest';
import { nationalDigits, normalizePhone } from './phone.ts';

describe('normalizePhone', () => {
  it.each([
    '+91 98765 43210',
    '09876543210',
    '9876543210',
    '+919876543210',
    '(+91) 98765-43210',
    '  98765 43210 ',
  ])('normalizes %j to E.164 in India', (input) => {
    expect(normalizePhone(input)).toBe('+919876543210');
  });

  it('keeps a number written with another country code', () => {
    expect(normalizePhone('+1 415 555 2671')).toBe('+14155552671');
  });

  it('reads a national number in the default country given', () => {
    expect(normalizePhone('(415) 555-2671', 'US')).toBe('+14155552671');
  });

  it.each(['', 'abc', '98765', '98765432101', '+91 12', 'x'.repeat(100)])('refuses %j', (input) => {
    expect(normalizePhone(input)).toBeNull();
  });
});

describe('nationalDigits', () => {
  it('gives the 10 national digits of an Indian number', () => {
    expect(nationalDigits('+919876543210')).toBe('9876543210');
  });

  it('round-trips with normalizePhone', () => {
    const e164 = normalizePhone('09876543210');
    expect(e164).not.toBeNull();
    expect(nationalDigits(e164 ?? '')).toBe('9876543210');
  });
});
