import type { SessionId, UserId } from '@quickpay/db';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultApiConfig } from '../config.ts';
import { signAccessToken, verifyAccessToken } from './tokens.ts';

const secret = (fill: string) => new TextEncoder().encode(fill.repeat(32));
const config = defaultApiConfig({ jwtSecret: secret('a') });
const now = Date.UTC(2026, 10, 24, 12, 0, 0);
const claims = {
  userId: 'user-1' as UserId,
  sessionId: 'session-1' as SessionId,
  authTime: new Date(now - 60_000),
};

describe('access tokens with the cached HMAC key', () => {
  it('round-trips the claims, repeatedly with the same key', async () => {
    for (let i = 0; i < 3; i++) {
      const token = await signAccessToken(claims, config, now);
      expect(await verifyAccessToken(token, config, now)).toEqual(claims);
    }
  });

  it('refuses a token signed with another secret (keys are cached per secret)', async () => {
    const other = defaultApiConfig({ jwtSecret: secret('b') });
    const token = await signAccessToken(claims, other, now);
    expect(await verifyAccessToken(token, other, now)).toEqual(claims);
    expect(await verifyAccessToken(token, config, now)).toBeNull();
  });

  it('refuses HS512 even with the right secret', async () => {
    const token = await new SignJWT({ sid: claims.sessionId, auth_time: 1 })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject(claims.userId)
      .setIssuer('quickpay')
      .setAudience('quickpay-api')
      .setExpirationTime(Math.floor(now / 1000) + 60)
      .sign(config.jwtSecret);
    expect(await verifyAccessToken(token, config, now)).toBeNull();
  });

  it('refuses an expired token and a wrong audience', async () => {
    const token = await signAccessToken(claims, config, now);
    const later = now + (config.accessTokenTtlSec + 1) * 1000;
    expect(await verifyAccessToken(token, config, later)).toBeNull();
    const foreign = await new SignJWT({ sid: claims.sessionId, auth_time: 1 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.userId)
      .setIssuer('quickpay')
      .setAudience('another-api')
      .setExpirationTime(Math.floor(now / 1000) + 60)
      .sign(config.jwtSecret);
    expect(await verifyAccessToken(foreign, config, now)).toBeNull();
  });
});

describe('verified tokens are cached until they expire', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('checks the signature once: later calls answer from the cache, without WebCrypto', async () => {
    const token = await signAccessToken(claims, config, now);
    const verify = vi.spyOn(globalThis.crypto.subtle, 'verify');
    expect(await verifyAccessToken(token, config, now)).toEqual(claims);
    expect(verify).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 5; i++)
      expect(await verifyAccessToken(token, config, now + i)).toEqual(claims);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('a cached token still expires at its exp, to the second', async () => {
    const token = await signAccessToken(claims, config, now);
    expect(await verifyAccessToken(token, config, now)).toEqual(claims);
    const exp = (Math.floor(now / 1000) + config.accessTokenTtlSec) * 1000;
    expect(await verifyAccessToken(token, config, exp - 1)).toEqual(claims);
    expect(await verifyAccessToken(token, config, exp)).toBeNull();
    expect(await verifyAccessToken(token, config, exp + 60_000)).toBeNull();
  });

  it('a token cached under one key is not accepted under another', async () => {
    const other = defaultApiConfig({ jwtSecret: secret('c') });
    const token = await signAccessToken(claims, config, now);
    expect(await verifyAccessToken(token, config, now)).toEqual(claims);
    expect(await verifyAccessToken(token, other, now)).toBeNull();
  });

  it('a tampered copy of a cached token is verified afresh and refused', async () => {
    const token = await signAccessToken(claims, config, now);
    expect(await verifyAccessToken(token, config, now)).toEqual(claims);
    const [head, body, sig = ''] = token.split('.');
    const flipped = `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await verifyAccessToken(`${head}.${body}.${flipped}`, config, now)).toBeNull();
  });
});
