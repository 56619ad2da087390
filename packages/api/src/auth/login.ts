import type { Gender, User } from '@quickpay/db';
import type { InnerContext } from '../context.ts';
import { fail } from '../errors.ts';
import { requirePhone } from '../shared/phone.ts';
import { storeRateLimiter } from '../shared/rate-limit.ts';
import { checkLogInPassword, checkSignedInPassword } from './password-checks.ts';
import { assertPasswordPolicy, hashPassword } from './passwords.ts';
import { BAD_LOGIN, type OpenedSession, rateIp, startSession } from './session.ts';

export interface SignUpInput {
  fullName: string;
  phone: string;
  password: string;
  age?: number | undefined;
  gender?: Gender | undefined;
}

/** Opens an account and its first session. PHONE_TAKEN is allowed: the per-IP limit bounds probing. */
export async function signUp(ctx: InnerContext, input: SignUpInput): Promise<OpenedSession> {
  await storeRateLimiter(ctx.store).hit(
    `signup:ip:${rateIp(ctx)}`,
    ctx.config.rateLimits.signUpPerIp,
  );
  const phone = requirePhone(ctx, input.phone);
  await assertPasswordPolicy(input.password, phone, [input.fullName]);
  // Checked before hashing so a taken number costs no argon2 work; createUser re-checks atomically.
  if (await ctx.store.findUserByPhone(phone))
    fail('PHONE_TAKEN', 'This phone number is already registered');
  const user = await ctx.store.createUser({
    fullName: input.fullName,
    phone,
    passwordHash: await hashPassword(input.password),
    age: input.age ?? null,
    gender: input.gender ?? null,
    // Transfer alerts are opt-in (profile.update); the store's own default is on.
    smsAlerts: false,
  });
  return startSession(ctx, user);
}

export type LogInInput = { password: string } & (
  | { accountNumber: number; phone?: undefined }
  | { phone: string; accountNumber?: undefined }
);

/**
 * Password log-in by account number or phone, through the password-check limits
 * (password-checks.ts). An unknown account costs the same argon2 work, the same
 * limiter counts and gets the same message, so the answer does not reveal whether it
 * exists.
 */
export async function logIn(ctx: InnerContext, input: LogInInput): Promise<OpenedSession> {
  const byNumber = input.accountNumber !== undefined;
  const typed = byNumber ? String(input.accountNumber) : requirePhone(ctx, input.phone);
  const user = byNumber
    ? await ctx.store.findUserByAccountNumber(Number(typed))
    : await ctx.store.findUserByPhone(typed);
  const identifier = `${byNumber ? 'no' : 'phone'}:${typed}`;
  const ok = await checkLogInPassword(ctx, { identifier, user }, input.password);
  if (!user || !ok) fail('INVALID_CREDENTIALS', BAD_LOGIN);
  return startSession(ctx, user);
}

/**
 * Proves the signed-in user's password; failures count against a per-user limit so
 * a stolen access token cannot be used to guess the password.
 */
export async function provePassword(
  ctx: InnerContext,
  user: User,
  password: string,
): Promise<void> {
  if (!(await checkSignedInPassword(ctx, user, password))) {
    fail('INVALID_CREDENTIALS', 'Password is incorrect');
  }
}
