import { normalizePhone } from '@quickpay/sms';
import type { InnerContext } from '../context.ts';
import { fail } from '../errors.ts';

/** E.164 form of a typed number (10 digits take config.defaultCountry); INVALID_PHONE otherwise. */
export function requirePhone(ctx: Pick<InnerContext, 'config'>, raw: string): string {
  const e164 = normalizePhone(raw, ctx.config.defaultCountry);
  if (!e164) fail('INVALID_PHONE', 'Enter a valid mobile number (10 digits or +country code)');
  return e164;
}
