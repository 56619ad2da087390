import type { Gender, User } from '@quickpay/db';
import type { AuthedContext, InnerContext } from '../context.ts';

export interface ProfileView {
  id: string;
  accountNumber: number;
  fullName: string;
  /** E.164. */
  phone: string;
  age: number | null;
  gender: Gender | null;
  smsAlerts: boolean;
  createdAt: string;
  currency: string;
}

const view = (ctx: InnerContext, u: User): ProfileView => ({
  id: u.id,
  accountNumber: u.accountNumber,
  fullName: u.fullName,
  phone: u.phone,
  age: u.age,
  gender: u.gender,
  smsAlerts: u.smsAlerts,
  createdAt: u.createdAt.toISOString(),
  currency: ctx.config.currency,
});

export const getProfile = (ctx: AuthedContext): ProfileView => view(ctx, ctx.auth.user);

/** Renames (the store renames the ledger labels too) and switches transfer alerts. */
export async function updateProfile(
  ctx: AuthedContext,
  patch: { fullName?: string | undefined; smsAlerts?: boolean | undefined },
): Promise<ProfileView> {
  const user = await ctx.store.updateUser(ctx.auth.user.id, {
    ...(patch.fullName !== undefined && { fullName: patch.fullName }),
    ...(patch.smsAlerts !== undefined && { smsAlerts: patch.smsAlerts }),
  });
  return view(ctx, user);
}
