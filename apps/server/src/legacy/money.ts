import { type Minor, minor } from '@quickpay/db';

/**
 * Minor units -> a JSON number in major units with at most 2 decimals. Built from
 * the decimal digits, never by dividing, so 10010 becomes exactly the double that
 * prints as 100.1.
 */
export function toMajor(amount: number): number {
  const abs = Math.abs(amount);
  const whole = Math.trunc(abs / 100);
  const cents = abs % 100;
  const text = `${amount < 0 ? '-' : ''}${whole}.${String(cents).padStart(2, '0')}`;
  const value = Number(text);
  return Object.is(value, -0) ? 0 : value;
}

/** Sums minor units exactly (integers), for totals computed from a list. */
export const sumMinor = (values: readonly number[]): Minor =>
  minor(values.reduce((a, b) => a + b, 0));

// Plain decimals only: no sign, no exponent, at most 2 decimals. The old payment page
// takes the amount as free text and the old server read it with float(), so ".5" and
// "5." (digits on one side of the point only) are amounts too.
const DECIMAL = /^(?=\.?\d)(\d{0,15})(?:\.(\d{0,2}))?$/;

/**
 * Parses a legacy amount (JSON number or numeric string) into minor units.
 * Returns null unless it is finite, > 0, has at most 2 decimals and is <= max.
 */
export function parseAmount(input: unknown, max: number): Minor | null {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return null;
    // String() of a double gives its shortest round-trip form: 0.1 -> "0.1",
    // 0.30000000000000004 stays long and is refused, 1e-7 has an exponent and is refused.
    text = String(input);
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    return null;
  }
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const whole = Number(m[1]);
  const cents = Number((m[2] ?? '').padEnd(2, '0'));
  const value = whole * 100 + cents;
  if (!Number.isSafeInteger(value) || value <= 0 || value > max) return null;
  return minor(value);
}
