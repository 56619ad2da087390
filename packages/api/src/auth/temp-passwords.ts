import { randomInt } from 'node:crypto';
import { SmsCappedError } from '@quickpay/sms';
import type { InnerContext } from '../context.ts';
import { fail } from '../errors.ts';
import { requirePhone } from '../shared/phone.ts';
import { storeRateLimiter } from '../shared/rate-limit.ts';
import { checkLogInCredential } from './password-checks.ts';
import { type OpenedSession, rateIp, startSession } from './session.ts';
import { keyedHash } from './tokens.ts';

/**
 * Temporary passwords (the legacy forgotPass, docs/legacy-contract.md): an extra
 * credential beside the current password (which stays valid), single use, 15 minutes,
 * stored only as a keyed hash. Built like reset codes (reset-codes.ts): the same keyed
 * hash, store rate limits and decoy work for unknown numbers. Not a tRPC procedure:
 * only the legacy adapter offers it.
 */
const PURPOSE = 'temp_password';
const TTL_MS = 15 * 60_000;
const ATTEMPTS = 5;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// Subject for unknown numbers; never a user id.
const DECOY = 'decoy';
export const TEMP_PASSWORD = /^@0[A-Za-z0-9]{6}$/;

const tempHash = (ctx: InnerContext, value: string) => keyedHash(ctx.config, PURPOSE, value);

export function newTempPassword(): string {
  let out = '@0';
  for (let i = 0; i < 6; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/**
 * A fixed template: nothing the account holder typed (the legacy server greeted them by
 * name, which let anyone sign up with a phishing line as the name and have Quickpay
 * text it to any number).
 */
export const tempPasswordText = (temp: string): string =>
  `Quickpay: your temporary password is ${temp}. It works once, for 15 minutes. Your current password still works.`;

/**
 * Texts a temporary password to a registered number. Unknown numbers get the same
 * outcome and the same store writes (no enumeration); the password is never returned.
 * INVALID_PHONE, RATE_LIMITED (also when the number has had its texts) or SMS_UNAVAILABLE.
 */
export async function sendTempPassword(ctx: InnerContext, input: { phone: string }): Promise<void> {
  const phone = requirePhone(ctx, input.phone);
  const limiter = storeRateLimiter(ctx.store);
  await limiter.hit(`legacy_forgot:ip:${rateIp(ctx)}`, ctx.config.rateLimits.resetPerIp);
  await limiter.hit(`legacy_forgot:phone:${phone}`, ctx.config.rateLimits.resetPerPhone);
  const user = await ctx.store.findUserByPhone(phone);
  const subject = user?.id ?? DECOY;
  const temp = newTempPassword();
  const expiresAt = new Date(ctx.now() + TTL_MS);
  await ctx.store.putCode(PURPOSE, subject, tempHash(ctx, temp), expiresAt, ATTEMPTS);
  if (!user) {
    await ctx.store.deleteCode(PURPOSE, DECOY);
    return;
  }
  try {
    await ctx.sms.send(phone, tempPasswordText(temp), PURPOSE);
  } catch (error) {
    // No usable password may outlive a text that was never sent.
    await ctx.store.deleteCode(PURPOSE, user.id);
    if (error instanceof SmsCappedError) fail('RATE_LIMITED', 'Too many requests');
    ctx.logger?.warn(
      { err: error instanceof Error ? error.message : String(error) },
      'temporary password SMS failed',
    );
    fail('SMS_UNAVAILABLE', 'SMS service unavailable');
  }
}

/** True, once, when `password` is the user's live temporary password (consumes it). */
export async function useTempPassword(
  ctx: Pick<InnerContext, 'store' | 'config'>,
  userId: string,
  password: string,
): Promise<boolean> {
  if (!TEMP_PASSWORD.test(password)) return false;
  const hash = keyedHash(ctx.config, PURPOSE, password);
  return (await ctx.store.verifyCode(PURPOSE, userId, hash)) === 'ok';
}

/**
 * Log-in with a temporary password, checked and consumed under the password-check
 * limits (password-checks.ts), then an ordinary session. Null when it is not the
 * account's live temporary password.
 */
export async function logInWithTempPassword(
  ctx: InnerContext,
  input: { accountNumber: number; password: string },
): Promise<OpenedSession | null> {
  if (!TEMP_PASSWORD.test(input.password)) return null;
  const user = await ctx.store.findUserByAccountNumber(input.accountNumber);
  const subject = { identifier: `no:${input.accountNumber}`, user };
  const ok = await checkLogInCredential(ctx, subject, async (u) =>
    u ? useTempPassword(ctx, u.id, input.password) : false,
  );
  if (!user || !ok) return null;
  return startSession(ctx, user);
}
