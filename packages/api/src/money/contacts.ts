import type { RateLimitRule } from '../config.ts';
import { storeRateLimiter } from '../domain/rate-limit.ts';
import { fail } from '../errors.ts';
import type { AuthedContext } from './context.ts';
import { maskName } from './mask.ts';

/**
 * Account numbers are sequential, so lookups are bounded per user to keep anyone
 * from walking the whole list of (masked) holder names.
 */
export const LOOKUP_LIMIT: RateLimitRule = { limit: 60, windowMs: 60_000 };

/** Confirmation of payee: the holder's masked name for an account number. */
export async function lookup(ctx: AuthedContext, accountNumber: number) {
  await storeRateLimiter(ctx.store).hit(`lookup:user:${ctx.auth.user.id}`, LOOKUP_LIMIT);
  const holder = await ctx.store.findUserByAccountNumber(accountNumber);
  if (!holder) fail('ACCOUNT_NOT_FOUND', 'No account with that number');
  if (holder.id === ctx.auth.user.id) fail('SELF_CONTACT', 'That is your own account');
  return { accountNumber: holder.accountNumber, maskedName: maskName(holder.fullName) };
}
