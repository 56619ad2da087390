/** Money is an integer count of minor units (paise for INR). Never a float. */
export type Minor = number & { readonly __brand: 'Minor' };

/** Brands a value as minor units after checking it is a safe integer. */
export function minor(value: number): Minor {
  if (!Number.isSafeInteger(value))
    throw new TypeError(`not an integer amount of minor units: ${value}`);
  return value as Minor;
}

export const ZERO = 0 as Minor;

/** Default upper bound for one money operation: 1,00,00,000.00 in minor units. */
export const DEFAULT_MAX_AMOUNT = minor(10_000_000_00);
