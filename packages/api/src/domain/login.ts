import type { Gender, User } from '@quickpay/db';
import type { InnerContext } from '../context.ts';
import { fail } from '../errors.ts';
import { assertPasswordPolicy, burnVerify, hashPassword, verifyPassword } from './passwords.ts';
import { requirePhone } from './phone.ts';
import { serialized, storeRateLimiter } from './rate-limit.ts';
import { type AuthResult, BAD_LOGIN, rateIp, startSession, type TokenDelivery } from './session.ts';

export interface SignUpInput {
  fullName: string;
  phone: string;
  password: string;
  age?: number | undefined;
  gender?: Gender | undefined;
  tokenDelivery?: TokenDelivery | undefined;
}

/** Opens an account and its first session. PHONE_TAKEN is allowed: the per-IP limit bounds probing. */
export async function signUp(ctx: InnerContext, input: SignUpInput): Promise<AuthResult> {
  await storeRateLimiter(ctx.store).hit(
    `signup:ip:${rateIp(ctx)}`,
    ctx.config.rateLimits.signUpPerIp,
  );
  const phone = requirePhone(ctx, input.phone);
  assertPasswordPolicy(input.password, phone);
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
  return startSession(ctx, user, input.tokenDelivery);
}

export type LogInInput = { password: string; tokenDelivery?: TokenDelivery | undefined } & (
  | { accountNumber: number; phone?: undefined }
  | { phone: string; accountNumber?: undefined }
);

/**
 * Password log-in by account number or phone. Failures are counted per account and
 * per IP (checked before, recorded after); an unknown account costs the same argon2
 * work and gets the same message, so the answer does not reveal whether it exists.
 */
export async function logIn(ctx: InnerContext, input: LogInInput): Promise<AuthResult> {
  const typed =
    input.accountNumber !== undefined
      ? String(input.accountNumber)
      : requirePhone(ctx, input.phone);
  const user =
    input.accountNumber !== undefined
      ? await ctx.store.findUserByAccountNumber(input.accountNumber)
      : await ctx.store.findUserByPhone(typed);
  const limits = ctx.config.rateLimits;
  const limiter = storeRateLimiter(ctx.store);
  // One counter per account whichever identifier was typed; unknown ones by what was typed.
  const accountKey = `login:acct:${user?.id ?? `?${typed}`}`;
  const ipKey = `login:ip:${rateIp(ctx)}`;
  // Guesses at one account wait for each other, so each check sees the failures before it;
  // per IP the attempt takes its slot before the slow argon2 check and a success gives it back.
  return serialized(accountKey, async () => {
    await limiter.check(accountKey, limits.loginFailPerAccount);
    await limiter.hit(ipKey, limits.loginFailPerIp);
    const ok = user
      ? await verifyPassword(user.passwordHash, input.password)
      : await burnVerify(input.password);
    if (!user || !ok) {
      await limiter.record(accountKey, limits.loginFailPerAccount);
      fail('INVALID_CREDENTIALS', BAD_LOGIN);
    }
    await limiter.refund(ipKey, limits.loginFailPerIp);
    return startSession(ctx, user, input.tokenDelivery);
  });
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
  const rule = ctx.config.rateLimits.confirmPasswordPerUser;
  const limiter = storeRateLimiter(ctx.store);
  const key = `confirm:user:${user.id}`;
  // One check at a time per user, so concurrent guesses each see the failures before them.
  await serialized(key, async () => {
    await limiter.check(key, rule);
    if (!(await verifyPassword(user.passwordHash, password))) {
      await limiter.record(key, rule);
      fail('INVALID_CREDENTIALS', 'Password is incorrect');
    }
  });
}
