/** A "nice" axis top (1, 2, 2.5 or 5 × 10^n, in minor units) at or above the largest value. */
export function niceMax(value: number): number {
  if (value <= 0) return 100; // an empty chart still gets a ₹1 axis
  const pow = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * pow >= value) ?? 10;
  return step * pow;
}

/** Axis ticks from the top down: top, three quarters, half, a quarter, zero. */
export const ticks = (top: number): number[] => [top, (top * 3) / 4, top / 2, top / 4, 0];

const compactFmt = new Map<string, Intl.NumberFormat>();

/** '₹1.2K', '₹25L'-style short amounts for an axis (minor units in). */
export function compactMoney(minor: number, currency: string, digits: number): string {
  let f = compactFmt.get(currency);
  if (!f) {
    f = new Intl.NumberFormat('en-IN', {
      style: 'currency',
      currency,
      notation: 'compact',
      minimumFractionDigits: 0,
      maximumFractionDigits: 1,
    });
    compactFmt.set(currency, f);
  }
  return f.format(minor / 10 ** digits);
}

/** 'YYYY-MM' as its parts, or null when malformed. */
export function parseMonth(ym: string): { year: number; month: number } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(ym);
  return m ? { year: Number(m[1]), month: Number(m[2]) } : null;
}
