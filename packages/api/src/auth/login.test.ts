import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ApiConfig, defaultApiConfig } from '../config.ts';
import { refused } from '../testing/assert.ts';
import { createTestApi, FakeHttp, nextPhone, type TestApi } from '../testing/harness.ts';
import { warmPasswordEstimator } from './password-policy.ts';
import { verifyAccessToken } from './tokens.ts';

const PASSWORD = 'correct horse 42';
const minutes = (n: number) => n * 60_000;
let t: TestApi;
afterEach(() => t.close());
// The first sign-up loads the password estimator: not inside a test's 5 s under load.
beforeAll(() => warmPasswordEstimator(), 60_000);

/** Default rate limits with some replaced (small numbers keep argon2 work low). */
function limits(patch: Partial<ApiConfig['rateLimits']>): Partial<ApiConfig> {
  const base = defaultApiConfig({ jwtSecret: new Uint8Array(32) }).rateLimits;
  return { rateLimits: { ...base, ...patch } };
}

const httpFrom = (ip: string) => Object.assign(new FakeHttp(), { ip });

describe('auth.signUp', () => {
  it('creates the user, opens a session and sets httpOnly cookies for both tokens', async () => {
    t = createTestApi();
    const http = new FakeHttp();
    const phone = nextPhone();
    const res = await t.caller(http).auth.signUp({
      fullName: '  Asha Rao ',
      phone,
      password: PASSWORD,
      age: 30,
      gender: 'female',
    });
    expect(res.user).toMatchObject({ fullName: 'Asha Rao', accountNumber: 1000 });
    expect(res.expiresIn).toBe(15 * 60);
    const user = await t.store.findUserById(res.user.id);
    expect(user).toMatchObject({
      phone: `+91${phone}`,
      age: 30,
      gender: 'female',
      smsAlerts: false,
    });
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(http.cookies.qp_at).toBe(res.accessToken);
    // A cookie client's refresh token is only in the httpOnly cookie, never in the body.
    expect(http.cookies.qp_rt).toMatch(/^[\w-]{43}$/);
    expect(res.refreshToken).toBeUndefined();
    expect(JSON.stringify(res)).not.toContain(http.cookies.qp_rt);
    const claims = await verifyAccessToken(res.accessToken, t.config, t.clock.now());
    expect(claims?.userId).toBe(res.user.id);
    expect(await t.store.listSessions(res.user.id)).toHaveLength(1);
  });

  it('refuses a phone already registered, whether typed nationally or in E.164', async () => {
    t = createTestApi();
    const { phone } = await t.signUp();
    const r = await refused(
      t.caller().auth.signUp({ fullName: 'Other', phone: `+91${phone}`, password: PASSWORD }),
    );
    expect(r).toMatchObject({ code: 'CONFLICT', domainCode: 'PHONE_TAKEN' });
  });

  it.each([['12345'], ['98765 4321x'], ['+1 555']])(
    'refuses the invalid phone %s',
    async (phone) => {
      t = createTestApi();
      const r = await refused(
        t.caller().auth.signUp({ fullName: 'Asha', phone, password: PASSWORD }),
      );
      expect(r).toMatchObject({ code: 'BAD_REQUEST', domainCode: 'INVALID_PHONE' });
    },
  );

  it('refuses a weak password (too short, common, or holding the phone number)', async () => {
    t = createTestApi();
    const phone = nextPhone();
    for (const password of ['short', 'password123', `x${phone}y`]) {
      const r = await refused(t.caller().auth.signUp({ fullName: 'Asha', phone, password }));
      expect(r).toMatchObject({ code: 'BAD_REQUEST', domainCode: 'WEAK_PASSWORD' });
    }
    expect(await t.store.findUserByPhone(`+91${phone}`)).toBeNull();
  });

  it('refuses guessable passwords (zxcvbn score < 3) and tells the user why', async () => {
    t = createTestApi();
    const phone = nextPhone();
    for (const password of ['aaaaaaaa', '        ', 'qwerty1234', 'India@123', 'Password1!']) {
      const r = await refused(t.caller().auth.signUp({ fullName: 'Asha', phone, password }));
      expect(r).toMatchObject({ code: 'BAD_REQUEST', domainCode: 'WEAK_PASSWORD' });
      expect(r.message).toMatch(/^Password is too easy to guess\. \S/);
    }
    expect(await t.store.findUserByPhone(`+91${phone}`)).toBeNull();
  });

  it('refuses unknown fields, a blank name and an under-age user before doing anything', async () => {
    t = createTestApi();
    const phone = nextPhone();
    const base = { fullName: 'Asha', phone, password: PASSWORD };
    const bad = [
      { ...base, admin: true },
      { ...base, fullName: '   ' },
      { ...base, age: 12 },
      { ...base, gender: 'robot' },
    ];
    for (const input of bad) {
      // @ts-expect-error deliberately malformed input
      const r = await refused(t.caller().auth.signUp(input));
      expect(r).toMatchObject({ code: 'BAD_REQUEST', domainCode: null });
    }
    expect(await t.store.findUserByPhone(`+91${phone}`)).toBeNull();
  });

  it('limits sign-up attempts per IP, counting refused ones, while other IPs go on', async () => {
    t = createTestApi(limits({ signUpPerIp: { limit: 2, windowMs: minutes(10) } }));
    const here = t.caller(httpFrom('198.51.100.1'));
    const input = { fullName: 'Asha', phone: '123', password: PASSWORD };
    for (let i = 0; i < 2; i++) {
      expect((await refused(here.auth.signUp(input))).domainCode).toBe('INVALID_PHONE');
    }
    const valid = { ...input, phone: nextPhone() };
    const r = await refused(here.auth.signUp(valid));
    expect(r).toMatchObject({ code: 'TOO_MANY_REQUESTS', domainCode: 'RATE_LIMITED' });
    await t.caller(httpFrom('198.51.100.2')).auth.signUp(valid);
    t.clock.advance(minutes(10));
    await here.auth.signUp({ ...valid, phone: nextPhone() });
  });
});

describe('auth.logIn', () => {
  it('logs in by account number or by phone (national or E.164) and opens a session each time', async () => {
    t = createTestApi();
    const { user, phone } = await t.signUp();
    const http = new FakeHttp();
    const byNumber = await t
      .caller(http)
      .auth.logIn({ accountNumber: user.accountNumber, password: PASSWORD });
    expect(byNumber.user).toEqual({
      id: user.id,
      accountNumber: user.accountNumber,
      fullName: 'Asha Rao',
    });
    expect(http.cookies.qp_at).toBe(byNumber.accessToken);
    expect(http.cookies.qp_rt).toBeDefined();
    expect(byNumber.refreshToken).toBeUndefined();
    const byPhone = await t.caller().auth.logIn({ phone, password: PASSWORD });
    const byE164 = await t.caller().auth.logIn({ phone: `+91 ${phone}`, password: PASSWORD });
    expect(byPhone.user.id).toBe(user.id);
    expect(byE164.user.id).toBe(user.id);
    expect(await t.store.listSessions(user.id)).toHaveLength(4);
  });

  it('gives one message for a wrong password, an unknown account and an unknown phone', async () => {
    t = createTestApi();
    const { user } = await t.signUp();
    const api = t.caller();
    const wrong = await refused(
      api.auth.logIn({ accountNumber: user.accountNumber, password: 'nope nope' }),
    );
    const noAccount = await refused(api.auth.logIn({ accountNumber: 999_999, password: PASSWORD }));
    const noPhone = await refused(api.auth.logIn({ phone: nextPhone(), password: PASSWORD }));
    expect(wrong).toMatchObject({ code: 'UNAUTHORIZED', domainCode: 'INVALID_CREDENTIALS' });
    expect(noAccount).toEqual(wrong);
    expect(noPhone).toEqual(wrong);
    expect(await t.store.listSessions(user.id)).toHaveLength(1);
  });

  it('refuses input with both or neither identifier', async () => {
    t = createTestApi();
    const api = t.caller();
    // Deliberately malformed input, past the types.
    const logIn = api.auth.logIn as (input: unknown) => Promise<unknown>;
    const both = await refused(
      logIn({ accountNumber: 1000, phone: nextPhone(), password: PASSWORD }),
    );
    const neither = await refused(logIn({ password: PASSWORD }));
    expect(both.code).toBe('BAD_REQUEST');
    expect(neither.code).toBe('BAD_REQUEST');
  });

  it('limits failures per typed identifier and IP, not the owner at another address, until the window passes', async () => {
    t = createTestApi(limits({ loginFailPerAccountIp: { limit: 3, windowMs: minutes(15) } }));
    const { user, phone } = await t.signUp();
    const api = t.caller(httpFrom('198.51.100.30'));
    for (const password of ['wrong one', 'wrong two', 'wrong three']) {
      await refused(api.auth.logIn({ accountNumber: user.accountNumber, password }));
    }
    const locked = await refused(
      api.auth.logIn({ accountNumber: user.accountNumber, password: PASSWORD }),
    );
    expect(locked).toMatchObject({ code: 'TOO_MANY_REQUESTS', domainCode: 'RATE_LIMITED' });
    // The phone is counted on its own: a shared counter would tell whose phone it is.
    await api.auth.logIn({ phone, password: PASSWORD });
    // Another address and another account are unaffected.
    await t
      .caller(httpFrom('198.51.100.31'))
      .auth.logIn({ accountNumber: user.accountNumber, password: PASSWORD });
    const other = await t.signUp('Ravi Kumar');
    await api.auth.logIn({ accountNumber: other.user.accountNumber, password: PASSWORD });
    t.clock.advance(minutes(15));
    await api.auth.logIn({ accountNumber: user.accountNumber, password: PASSWORD });
  });

  it('makes repeated failures from one address wait longer and longer', async () => {
    t = createTestApi();
    const { user } = await t.signUp();
    const api = t.caller(httpFrom('198.51.100.40'));
    const guess = () => api.auth.logIn({ accountNumber: user.accountNumber, password: 'wrong' });
    for (let i = 0; i < 5; i++) {
      expect((await refused(guess())).domainCode).toBe('INVALID_CREDENTIALS');
    }
    expect((await refused(guess())).domainCode).toBe('RATE_LIMITED');
    t.clock.advance(15_000);
    expect((await refused(guess())).domainCode).toBe('INVALID_CREDENTIALS');
    t.clock.advance(15_000);
    expect((await refused(guess())).domainCode).toBe('RATE_LIMITED');
    t.clock.advance(15_000);
    expect((await refused(guess())).domainCode).toBe('INVALID_CREDENTIALS');
    // The owner elsewhere never waits; here the right password works once the pause ends.
    await t
      .caller(httpFrom('198.51.100.41'))
      .auth.logIn({ accountNumber: user.accountNumber, password: PASSWORD });
    t.clock.advance(60_000);
    await api.auth.logIn({ accountNumber: user.accountNumber, password: PASSWORD });
    expect((await refused(guess())).domainCode).toBe('INVALID_CREDENTIALS');
  });

  it('limits failures per IP, unknown accounts included, without touching other IPs', async () => {
    t = createTestApi(limits({ loginFailPerIp: { limit: 3, windowMs: minutes(15) } }));
    const { user } = await t.signUp();
    const here = t.caller(httpFrom('198.51.100.9'));
    for (const accountNumber of [5001, 5002, 5003]) {
      await refused(here.auth.logIn({ accountNumber, password: PASSWORD }));
    }
    const r = await refused(
      here.auth.logIn({ accountNumber: user.accountNumber, password: PASSWORD }),
    );
    expect(r.domainCode).toBe('RATE_LIMITED');
    await t
      .caller(httpFrom('198.51.100.10'))
      .auth.logIn({ accountNumber: user.accountNumber, password: PASSWORD });
  });

  it('does not throttle successful log-ins per IP', async () => {
    t = createTestApi(limits({ loginFailPerIp: { limit: 1, windowMs: minutes(15) } }));
    const { user } = await t.signUp();
    const here = t.caller(httpFrom('198.51.100.20'));
    for (let i = 0; i < 3; i++) {
      await here.auth.logIn({ accountNumber: user.accountNumber, password: PASSWORD });
    }
    expect(await t.store.listSessions(user.id)).toHaveLength(4);
  });
});
