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
 * Verified tokens and their claims, per signing key (the secret's identity, as for
 * hmacKeys). A token's signature check is deterministic, so only time can change its
 * verdict: a cached entry is used only inside the token's own validity window, exactly
 * as jose judges it (nbf <= now < exp, in whole seconds). Only verified tokens enter, so
 * a stranger cannot fill it; at VERIFIED_MAX entries the oldest goes. Whether the
 * session behind a token is still live is NOT cached: resolveAuth asks the store on
 * every request, so log-out, revocation and a password change still act at once.
 */
const verified = new WeakMap<Uint8Array, Map<string, VerifiedToken>>();
const VERIFIED_MAX = 4096;

interface VerifiedToken {
  claims: AccessClaims;
  /** Seconds since the epoch, as in the token. */
  nbf: number;
  exp: number;
}

function cachedClaims(token: string, secret: Uint8Array, nowMs: number): AccessClaims | null {
  const cache = verified.get(secret);
  const hit = cache?.get(token);
  if (!cache || !hit) return null;
  const now = Math.floor(nowMs / 1000);
  if (hit.exp <= now) {
    cache.delete(token);
    return null;
  }
  return hit.nbf <= now ? hit.claims : null;
}

function remember(token: string, secret: Uint8Array, entry: VerifiedToken): void {
  let cache = verified.get(secret);
  if (!cache) {
    cache = new Map();
    verified.set(secret, cache);
  }
  if (cache.size >= VERIFIED_MAX) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(token, entry);
}

/**
 * Verifies signature, algorithm (HS256 only: `none` and every other alg are refused),
 * issuer, audience and expiry at the injected time. Null for any invalid token. A token
 * verified before is answered from `verified` (no WebCrypto round trip) until it expires.
 */
export async function verifyAccessToken(
  token: string,
  config: ApiConfig,
  nowMs: number,
): Promise<AccessClaims | null> {
  const cached = cachedClaims(token, config.jwtSecret, nowMs);
  if (cached) return cached;
  try {
    const { payload } = await jwtVerify(token, await hmacKey(config.jwtSecret), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: new Date(nowMs),
      requiredClaims: ['exp', 'sub', 'sid'],
    });
    const { sub, sid, auth_time: authTime, exp, nbf } = payload;
    if (typeof sub !== 'string' || typeof sid !== 'string' || typeof authTime !== 'number')
      return null;
    const claims: AccessClaims = Object.freeze({
      userId: sub,
      sessionId: sid,
      authTime: new Date(authTime * 1000),
    });
    // exp is required (and checked numeric) above; a token without nbf is valid from the start.
    if (typeof exp === 'number')
      remember(token, config.jwtSecret, { claims, exp, nbf: nbf ?? Number.NEGATIVE_INFINITY });
    return claims;
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
