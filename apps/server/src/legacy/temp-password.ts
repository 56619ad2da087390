import { createHmac, randomInt } from 'node:crypto';
import { type ApiDeps, ipBucket } from '@quickpay/api';
import type { User } from '@quickpay/db';
import { normalizePhone, SmsCappedError } from '@quickpay/sms';
import { LegacyError } from './errors.ts';

/**
 * Temporary passwords for the legacy forgotPass (difference 6): an extra credential
 * beside the current password (which stays valid), single use, 15 minutes, stored
 * only as a keyed hash. Uses the Store and the SMS sender only.
 */

const TTL_MS = 15 * 60_000;
const ATTEMPTS = 5;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// Subject for unknown numbers; never a user id.
const DECOY = 'decoy';
export const TEMP_PASSWORD = /^@0[A-Za-z0-9]{6}$/;

/** HMAC-SHA256 with the JWT secret, labelled like the API's keyed hashes. */
const hashTemp = (deps: ApiDeps, value: string) =>
  createHmac('sha256', deps.config.jwtSecret).update(`temp_password\0${value}`).digest('base64url');

export function newTempPassword(): string {
  let out = '@0';
  for (let i = 0; i < 6; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

async function limit(deps: ApiDeps, key: string, rule: { limit: number; windowMs: number }) {
  if ((await deps.store.hitRateLimit(key, rule.windowMs)) > rule.limit) {
    throw new LegacyError(429, 'Too many requests', { isSMSSent: false });
  }
}

/**
 * Texts a temporary password to a registered number. Unknown numbers get the same
 * outcome (no enumeration); the password itself is never returned.
 */
export async function sendTempPassword(deps: ApiDeps, digits: string, ip: string): Promise<void> {
  const phone = normalizePhone(digits, deps.config.defaultCountry);
  if (!phone) throw new LegacyError(400, 'Invalid phone number', { isSMSSent: false });
  await limit(deps, `legacy_forgot:ip:${ipBucket(ip)}`, deps.config.rateLimits.resetPerIp);
  await limit(deps, `legacy_forgot:phone:${phone}`, deps.config.rateLimits.resetPerPhone);
  const user = await deps.store.findUserByPhone(phone);
  if (!user) {
    // The same store writes as for a registered number, so timing does not tell them apart.
    await deps.store.putCode(
      'temp_password',
      DECOY,
      hashTemp(deps, newTempPassword()),
      new Date(deps.now() + TTL_MS),
      ATTEMPTS,
    );
    await deps.store.deleteCode('temp_password', DECOY);
    return;
  }
  const temp = newTempPassword();
  await deps.store.putCode(
    'temp_password',
    user.id,
    hashTemp(deps, temp),
    new Date(deps.now() + TTL_MS),
    ATTEMPTS,
  );
  try {
    await deps.sms.send(phone, tempPasswordText(temp), 'temp_password');
  } catch (error) {
    await deps.store.deleteCode('temp_password', user.id);
    if (error instanceof SmsCappedError) {
      throw new LegacyError(429, 'Too many requests', { isSMSSent: false });
    }
    throw new LegacyError(503, 'SMS service unavailable', { isSMSSent: false });
  }
}

/**
 * A fixed template: nothing the account holder typed (the legacy server greeted them by
 * name, which let anyone sign up with a phishing line as the name and have Quickpay
 * text it to any number).
 */
export const tempPasswordText = (temp: string): string =>
  `Quickpay: your temporary password is ${temp}. It works once, for 15 minutes. Your current password still works.`;

/** True, once, when `password` is the user's live temporary password (consumes it). */
export async function useTempPassword(
  deps: ApiDeps,
  user: User,
  password: string,
): Promise<boolean> {
  if (!TEMP_PASSWORD.test(password)) return false;
  return (await deps.store.verifyCode('temp_password', user.id, hashTemp(deps, password))) === 'ok';
}
