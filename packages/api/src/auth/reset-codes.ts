import { randomInt } from 'node:crypto';
import { SmsCappedError, SmsError } from '@quickpay/sms';
import type { InnerContext } from '../context.ts';
import { fail } from '../errors.ts';
import { requirePhone } from '../shared/phone.ts';
import { storeRateLimiter } from '../shared/rate-limit.ts';
import { assertPasswordPolicy, hashPassword } from './passwords.ts';
import { rateIp } from './session.ts';
import { keyedHash } from './tokens.ts';

const PURPOSE = 'password_reset';
export const RESET_CODE_TTL_MS = 10 * 60_000;
export const RESET_CODE_ATTEMPTS = 5;
// Subject used for unknown numbers so they cost the same store work; never a user id.
const DECOY = 'decoy';

export const RESET_REQUESTED =
  'If this number is registered, a 6-digit code has been sent to it. It expires in 10 minutes.';

// Bound to the user, so a code hash copied between rows is useless.
const codeHash = (ctx: InnerContext, subject: string, code: string): string =>
  keyedHash(ctx.config, 'reset', `${subject}:${code}`);

/**
 * Texts a 6-digit reset code, stored hashed (10 minutes, 5 attempts), replacing any
 * earlier one. The answer is the same for unknown numbers, which do comparable store
 * work. Enumeration trade-off: if the SMS provider refuses a registered number we
 * delete the code and answer SMS_UNAVAILABLE rather than leave the user waiting for
 * a text that never comes; that reveals registration only while sending fails, to a
 * caller bounded by the per-phone and per-IP limits, and sign-up already says when a
 * number is taken.
 */
export async function requestPasswordReset(
  ctx: InnerContext,
  input: { phone: string },
): Promise<{ ok: true; message: string }> {
  const phone = requirePhone(ctx, input.phone);
  const limiter = storeRateLimiter(ctx.store);
  await limiter.hit(`reset:ip:${rateIp(ctx)}`, ctx.config.rateLimits.resetPerIp);
  await limiter.hit(`reset:phone:${phone}`, ctx.config.rateLimits.resetPerPhone);
  const user = await ctx.store.findUserByPhone(phone);
  const subject = user?.id ?? DECOY;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(ctx.now() + RESET_CODE_TTL_MS);
  await ctx.store.putCode(
    PURPOSE,
    subject,
    codeHash(ctx, subject, code),
    expiresAt,
    RESET_CODE_ATTEMPTS,
  );
  if (!user) {
    await ctx.store.deleteCode(PURPOSE, DECOY);
  } else {
    try {
      await ctx.sms.send(phone, resetText(code), PURPOSE);
    } catch (error) {
      // No usable code may outlive a text that was never sent.
      await ctx.store.deleteCode(PURPOSE, user.id);
      if (!(error instanceof SmsError)) throw error;
      // The number has had its texts for this hour (all kinds count): the same answer
      // as the per-phone limit, not an outage.
      if (error instanceof SmsCappedError)
        fail('RATE_LIMITED', 'Too many requests, try again later');
      ctx.logger?.warn(
        { status: error.status, retryable: error.retryable },
        'reset code SMS failed',
      );
      fail('SMS_UNAVAILABLE', 'We could not send a text right now, try again later');
    }
  }
  return { ok: true, message: RESET_REQUESTED };
}

const resetText = (code: string): string =>
  `Quickpay: your password reset code is ${code}. It expires in 10 minutes. Never share it.`;

/**
 * Sets a new password with a valid code and ends every session. A wrong, used,
 * expired or burnt code (or an unknown number) gets one INVALID_CODE message; the
 * password policy is checked first so a weak choice does not spend the code.
 */
export async function resetPassword(
  ctx: InnerContext,
  input: { phone: string; code: string; newPassword: string },
): Promise<{ ok: true }> {
  const phone = requirePhone(ctx, input.phone);
  // Each attempt costs a password-strength estimate: bounded per IP, as code requests are.
  await storeRateLimiter(ctx.store).hit(
    `reset-try:ip:${rateIp(ctx)}`,
    ctx.config.rateLimits.resetPerIp,
  );
  await assertPasswordPolicy(input.newPassword, phone);
  const user = await ctx.store.findUserByPhone(phone);
  const subject = user?.id ?? DECOY;
  const result = /^\d{6}$/.test(input.code)
    ? await ctx.store.verifyCode(PURPOSE, subject, codeHash(ctx, subject, input.code))
    : 'missing';
  if (!user || result !== 'ok') fail('INVALID_CODE', 'The code is wrong or has expired');
  // New hash, new credential version and every session ended, atomically: a log-in
  // checked against the old hash can no longer open a session.
  await ctx.store.setPassword(user.id, await hashPassword(input.newPassword));
  // A legacy temporary password issued before the reset must not outlive it.
  await ctx.store.deleteCode('temp_password', user.id);
  return { ok: true };
}
