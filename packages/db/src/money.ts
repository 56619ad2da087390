/** Money is an integer count of minor units (paise for INR). Never a float. */
export type Minor = number & { readonly __brand: 'Minor' };

/** Brands a value as minor units after checking it is a safe integer. */
export function minor(value: number): Minor {
  if (!Number.isSafeInteger(value))
    throw new TypeError(`not an integer amount of minor units: ${value}`);
  return value as Minor;
}

export const ZERO = 0 as Minor;

/**
 * The largest MAX_AMOUNT a deployment may configure: 1,00,00,00,00,000.00 (10^13 minor
 * units), about 1/900 of Number.MAX_SAFE_INTEGER, so many maximal operations fit before
 * any balance nears the safe-integer limit that every posting is also checked against.
 */
export const MAX_AMOUNT_LIMIT = minor(10_000_000_000_000);

/** The largest magnitude a stored balance may reach (either sign: system accounts go negative). */
export const BALANCE_LIMIT = minor(Number.MAX_SAFE_INTEGER);
