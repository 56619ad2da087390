import type { RateLimitRule } from '../config.ts';
import type { AuthedContext } from '../context.ts';
import { fail } from '../errors.ts';
import { storeRateLimiter } from '../shared/rate-limit.ts';
import { type ContactView, contactView } from '../shared/views.ts';
import { maskName } from './mask.ts';

/**
 * Account numbers are sequential, so lookups are bounded per user to keep anyone
 * from walking the whole list of (masked) holder names.
 */
export const LOOKUP_LIMIT: RateLimitRule = { limit: 60, windowMs: 60_000 };

/** Confirmation of payee: the holder's masked name for an account number. */
export async function lookup(ctx: AuthedContext, input: { accountNumber: number }) {
  await storeRateLimiter(ctx.store).hit(`lookup:user:${ctx.auth.user.id}`, LOOKUP_LIMIT);
  const holder = await ctx.store.findUserByAccountNumber(input.accountNumber);
  if (!holder) fail('ACCOUNT_NOT_FOUND', 'No account with that number');
  if (holder.id === ctx.auth.user.id) fail('SELF_CONTACT', 'That is your own account');
  return { accountNumber: holder.accountNumber, maskedName: maskName(holder.fullName) };
}

/** The caller's payees, newest first. */
export async function listPayees(ctx: AuthedContext): Promise<ContactView[]> {
  return (await ctx.store.listContacts(ctx.auth.user.id)).map(contactView);
}

export interface PayeeFields {
  nickname?: string | undefined;
  relation?: string | undefined;
}

export async function addPayee(
  ctx: AuthedContext,
  input: { accountNumber: number; nickname: string; relation?: string | undefined },
): Promise<ContactView> {
  return contactView(await ctx.store.addContact({ ownerId: ctx.auth.user.id, ...input }));
}

/** Another user's payee is CONTACT_NOT_FOUND, as a missing one. */
export async function updatePayee(
  ctx: AuthedContext,
  { contactId, ...patch }: PayeeFields & { contactId: string },
): Promise<ContactView> {
  return contactView(await ctx.store.updateContact(contactId, ctx.auth.user.id, patch));
}

export async function removePayee(ctx: AuthedContext, input: { contactId: string }) {
  await ctx.store.removeContact(input.contactId, ctx.auth.user.id);
  return { id: input.contactId, removed: true };
}
