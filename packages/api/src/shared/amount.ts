import { type Minor, minor } from '@quickpay/db';
import type { ApiConfig } from '../config.ts';
import { fail } from '../errors.ts';

/** A positive safe integer of minor units within config.maxAmount, else INVALID_AMOUNT. */
export function requireAmount(config: ApiConfig, value: number): Minor {
  if (!Number.isSafeInteger(value) || value <= 0 || value > config.maxAmount) {
    fail(
      'INVALID_AMOUNT',
      `Amount must be a whole number of minor units between 1 and ${config.maxAmount}`,
    );
  }
  return minor(value);
}
