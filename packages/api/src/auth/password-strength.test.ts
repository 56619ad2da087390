import { afterEach, describe, expect, it } from 'vitest';
import { defaultApiConfig } from '../config.ts';
import { refused } from '../testing/assert.ts';
import { createTestApi, nextPhone, type TestApi } from '../testing/harness.ts';

/** Issue 11, item 9: the strength estimate is work, so unauthenticated callers are bounded. */
let t: TestApi;
afterEach(() => t.close());

describe('password strength checks on the public reset path', () => {
  it('auth.resetPassword attempts count against the per-IP reset budget, whatever the code', async () => {
    const base = defaultApiConfig({ jwtSecret: new Uint8Array(32) }).rateLimits;
    t = createTestApi({ rateLimits: { ...base, resetPerIp: { limit: 3, windowMs: 900_000 } } });
    const attempt = () =>
      refused(
        t.caller().auth.resetPassword({
          phone: nextPhone(),
          code: '123456',
          newPassword: 'plausible strong phrase 9',
        }),
      );
    for (let i = 0; i < 3; i++) expect((await attempt()).domainCode).toBe('INVALID_CODE');
    expect(await attempt()).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      domainCode: 'RATE_LIMITED',
    });
  });

  it('a new password with a lone surrogate is refused (it would hash like U+FFFD)', async () => {
    t = createTestApi();
    const r = await refused(
      t
        .caller()
        .auth.signUp({ fullName: 'Asha', phone: nextPhone(), password: 'strong phrase \uD800 77' }),
    );
    expect(r).toMatchObject({ code: 'BAD_REQUEST', domainCode: 'WEAK_PASSWORD' });
    expect(r.message).toMatch(/invalid character/);
  });
});
