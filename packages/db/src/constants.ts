import { type Minor, minor } from './money.ts';
import type { StoreOptions } from './store.ts';

/** The first user's account number; later ones follow with no gaps (both stores). */
export const FIRST_ACCOUNT_NUMBER = 1000;

/** The colour of a goal created without one. */
export const DEFAULT_GOAL_COLOR = '#2563eb';

/** Default upper bound for one money operation: 1,00,00,000.00 in minor units. */
export const DEFAULT_MAX_AMOUNT = minor(10_000_000_00);

/** StoreOptions with their defaults filled in, as every store opens with them. */
export const storeSettings = (options: StoreOptions): { now: () => number; maxAmount: Minor } => ({
  now: options.now ?? Date.now,
  maxAmount: options.maxAmount ?? DEFAULT_MAX_AMOUNT,
});
