import type { SessionId, UserId } from '@quickpay/db';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
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
