import { describe, expect, it } from 'vitest';
import {
  formatMoney,
  formatSigned,
  minorDigits,
  parseAmount,
  parsePositiveAmount,
  toDecimalString,
} from './money.ts';

const minorOf = (s: string): number => {
  const r = parseAmount(s);
  if (!r.ok) throw new Error(`rejected ${s}: ${r.error}`);
  return r.minor;
};

describe('parseAmount', () => {
  it('accepts a leading currency sign or code, as people type amounts', () => {
    for (const text of ['₹500', '₹ 500', 'Rs. 500', 'rs500', 'INR 500', '₹5,00.00']) {
      expect(parseAmount(text)).toEqual({ ok: true, minor: 50_000 });
    }
    expect(parseAmount('₹ 1,500.50')).toEqual({ ok: true, minor: 150_050 });
    expect(parseAmount('Rs 500')).toEqual({ ok: true, minor: 50_000 });
    expect(parseAmount(' Rs. 1,50,000 ')).toEqual({ ok: true, minor: 15_000_000 });
    expect(parsePositiveAmount('₹500')).toEqual({ ok: true, minor: 50_000 });
    expect(parsePositiveAmount('₹ 0').ok).toBe(false);
    expect(parseAmount('₹').ok).toBe(false);
    expect(parseAmount('500₹').ok).toBe(false);
  });

  it('adds 0.1 and 0.2 to exactly 30 paise', () => {
    expect(minorOf('0.1') + minorOf('0.2')).toBe(30);
    expect(minorOf('0.3')).toBe(30);
  });

  it('reads whole rupees, one and two decimals', () => {
    expect(minorOf('12')).toBe(1200);
    expect(minorOf('12.5')).toBe(1250);
    expect(minorOf('12.05')).toBe(1205);
    expect(minorOf('0.01')).toBe(1);
    expect(minorOf('0')).toBe(0);
  });

  it('keeps large amounts exact where a float would not', () => {
    expect(minorOf('1234567.89')).toBe(123456789);
    expect(minorOf('19.99')).toBe(1999);
    expect(minorOf('1.15')).toBe(115);
    expect(minorOf('90071992547409.91')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('accepts surrounding spaces and grouping commas', () => {
    expect(minorOf(' 1,00,000.50 ')).toBe(10000050);
  });

  it.each([
    '1.234',
    '-1',
    'abc',
    '',
    ' ',
    '1.',
    '.5',
    '1e3',
    '0x10',
    '+1',
    '1.2.3',
    'NaN',
    'Infinity',
  ])('rejects %j', (s) => {
    expect(parseAmount(s).ok).toBe(false);
  });

  it('rejects amounts beyond the safe integer range', () => {
    expect(parseAmount('90071992547409.92').ok).toBe(false);
  });

  it('refuses zero when a positive amount is required', () => {
    expect(parsePositiveAmount('0').ok).toBe(false);
    expect(parsePositiveAmount('0.00').ok).toBe(false);
    expect(parsePositiveAmount('0.01')).toEqual({ ok: true, minor: 1 });
  });
});

describe('toDecimalString', () => {
  it('renders minor units as an exact major-unit decimal', () => {
    expect(toDecimalString(0)).toBe('0.00');
    expect(toDecimalString(5)).toBe('0.05');
    expect(toDecimalString(-5)).toBe('-0.05');
    expect(toDecimalString(123456)).toBe('1234.56');
    expect(toDecimalString(-100000)).toBe('-1000.00');
  });

  it('round-trips with parseAmount', () => {
    for (const n of [0, 1, 9, 10, 99, 100, 101, 123456789, Number.MAX_SAFE_INTEGER]) {
      expect(minorOf(toDecimalString(n))).toBe(n);
    }
  });

  it('refuses a non-integer', () => {
    expect(() => toDecimalString(1.5)).toThrow(TypeError);
  });
});

describe('formatMoney', () => {
  it('formats INR with Indian digit grouping', () => {
    expect(formatMoney(12345678)).toBe('₹1,23,456.78');
    expect(formatMoney(5)).toBe('₹0.05');
  });

  it('formats negatives and other currencies', () => {
    expect(formatMoney(-250, 'INR')).toBe('-₹2.50');
    expect(formatMoney(123456, 'USD', 'en-US')).toBe('$1,234.56');
  });

  it('formats the largest safe amount exactly', () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'USD', 'en-US')).toBe('$90,071,992,547,409.91');
  });

  it('shows a sign for money in and out', () => {
    expect(formatSigned(1000)).toBe('+₹10.00');
    expect(formatSigned(-1000)).toBe('−₹10.00');
    expect(formatSigned(0)).toBe('₹0.00');
  });
});

describe('currencies with other minor units', () => {
  it('knows how many decimals a currency has', () => {
    expect(minorDigits('INR')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
  });

  it('parses and prints yen without decimals and dinar with three', () => {
    expect(parseAmount('1500', 0)).toEqual({ ok: true, minor: 1500 });
    expect(parseAmount('15.5', 0).ok).toBe(false);
    expect(parseAmount('1.005', 3)).toEqual({ ok: true, minor: 1005 });
    expect(toDecimalString(1500, 0)).toBe('1500');
    expect(toDecimalString(-5, 3)).toBe('-0.005');
  });

  it("formats minor units by the currency's own decimals", () => {
    expect(formatMoney(1500, 'JPY', 'en-US')).toBe('¥1,500');
    expect(formatMoney(1005, 'KWD', 'en-US')).toMatch(/^KWD\s1\.005$/);
  });
});
