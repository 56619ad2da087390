import { createHmac, randomBytes, webcrypto } from 'node:crypto';
import type { SessionId, UserId } from '@quickpay/db';
import { jwtVerify, SignJWT } from 'jose';
import type { ApiConfig } from '../config.ts';

const ISSUER = 'quickpay';
const AUDIENCE = 'quickpay-api';

/**
 * jose imports a raw Uint8Array secret into a WebCrypto key on every sign/verify
 * (10-15% of a transfer's CPU); import it once per secret instead. Keyed by the
 * array's identity: config.jwtSecret is built once and never mutated.
 */
const hmacKeys = new WeakMap<Uint8Array, Promise<webcrypto.CryptoKey>>();

function hmacKey(secret: Uint8Array): Promise<webcrypto.CryptoKey> {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    // A failed import is not cached, so the next call retries.
    key.catch(() => hmacKeys.delete(secret));
    hmacKeys.set(secret, key);
  }
  return key;
}

export interface AccessClaims {
  userId: UserId;
  sessionId: SessionId;
  authTime: Date;
}

/** A short-lived HS256 access token carrying the user, the session and auth_time. */
export async function signAccessToken(
  claims: AccessClaims,
  config: ApiConfig,
  nowMs: number,
): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({
    sid: claims.sessionId,
    auth_time: Math.floor(claims.authTime.getTime() / 1000),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + config.accessTokenTtlSec)
    .sign(await hmacKey(config.jwtSecret));
}

/**
 * Verifies signature, algorithm (HS256 only: `none` and every other alg are refused),
 * issuer, audience and expiry at the injected time. Null for any invalid token.
 */
export async function verifyAccessToken(
  token: string,
  config: ApiConfig,
  nowMs: number,
): Promise<AccessClaims | null> {
  try {
    const { payload } = await jwtVerify(token, await hmacKey(config.jwtSecret), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: new Date(nowMs),
      requiredClaims: ['exp', 'sub', 'sid'],
    });
    const { sub, sid, auth_time: authTime } = payload;
    if (typeof sub !== 'string' || typeof sid !== 'string' || typeof authTime !== 'number')
      return null;
    return { userId: sub, sessionId: sid, authTime: new Date(authTime * 1000) };
  } catch {
    return null;
  }
}

/** An opaque refresh token: 32 random bytes, base64url. */
export const newRefreshToken = (): string => randomBytes(32).toString('base64url');

/** Keyed hashes (HMAC-SHA256 with jwtSecret), domain-separated by a label, so a stolen table is useless. */
export function keyedHash(config: ApiConfig, label: string, value: string): string {
  return createHmac('sha256', config.jwtSecret).update(`${label}\0${value}`).digest('base64url');
}

export const hashRefreshToken = (config: ApiConfig, token: string): string =>
  keyedHash(config, 'refresh', token);
