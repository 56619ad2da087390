import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refused } from '../testing/assert.ts';
import { createTestApi, FakeHttp, type SignedUp, type TestApi } from '../testing/harness.ts';
import { verifyAccessToken } from './tokens.ts';

const minutes = (n: number) => n * 60_000;
let t: TestApi;
let asha: SignedUp;
beforeEach(async () => {
  t = createTestApi();
  asha = await t.signUp();
});
afterEach(() => t.close());

/** A second session for the same user, through a log-in from another device. */
async function secondDevice(who: SignedUp): Promise<FakeHttp> {
  const http = Object.assign(new FakeHttp(), { userAgent: 'phone app', ip: '198.51.100.5' });
  const res = await t.caller(http).auth.logIn({ phone: who.phone, password: who.password });
  http.bearer = res.accessToken;
  return http;
}

const cookieOnly = (http: FakeHttp) => Object.assign(http, { bearer: null });

describe('authed procedures', () => {
  it('refuse a caller with no token', async () => {
    const api = t.caller();
    const calls = [
      api.auth.confirmPassword({ password: asha.password }),
      api.auth.changePassword({ currentPassword: asha.password, newPassword: 'another good one' }),
      api.auth.sessions(),
      api.auth.revokeSession({ sessionId: 'x' }),
      api.profile.get(),
      api.profile.update({ smsAlerts: true }),
    ];
    // Refusals are awaited one by one below; mark them handled now (no unhandled rejection).
    for (const c of calls) c.catch(() => {});
    for (const call of calls) {
      expect(await refused(call)).toMatchObject({
        code: 'UNAUTHORIZED',
        domainCode: 'UNAUTHENTICATED',
      });
    }
  });

  it('accept the access token from the cookie alone', async () => {
    const profile = await t.caller(cookieOnly(asha.http)).profile.get();
    expect(profile.id).toBe(asha.user.id);
  });
});

describe('access tokens over the bearer header', () => {
  const withBearer = (token: string) => t.caller(Object.assign(new FakeHttp(), { bearer: token }));

  it('refuses a token whose payload was altered (expiry pushed back)', async () => {
    const [head, body, signature] = (asha.http.bearer ?? '').split('.');
    const claims = JSON.parse(Buffer.from(body ?? '', 'base64url').toString()) as { exp: number };
    const forged = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 86_400 })).toString(
      'base64url',
    );
    t.clock.advance(minutes(20));
    const r = await refused(withBearer(`${head}.${forged}.${signature}`).profile.get());
    expect(r.domainCode).toBe('UNAUTHENTICATED');
  });

  it('refuses a token with a broken signature', async () => {
    const token = asha.http.bearer ?? '';
    const flipped = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect((await refused(withBearer(flipped).profile.get())).domainCode).toBe('UNAUTHENTICATED');
  });

  it("refuses an unsigned token (alg 'none')", async () => {
    const [, body] = (asha.http.bearer ?? '').split('.');
    const head = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect((await refused(withBearer(`${head}.${body}.`).profile.get())).domainCode).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('refuses an expired token, and a refresh brings a working one', async () => {
    t.clock.advance(minutes(15) + 1000);
    expect((await refused(asha.api.profile.get())).domainCode).toBe('UNAUTHENTICATED');
    const res = await t.caller(cookieOnly(asha.http)).auth.refresh();
    expect((await withBearer(res.accessToken).profile.get()).id).toBe(asha.user.id);
  });
});

describe('auth.refresh', () => {
  it('rotates the refresh cookie and keeps the session and its auth_time', async () => {
    const [before] = await t.store.listSessions(asha.user.id);
    const oldRefresh = asha.http.cookies.qp_rt;
    t.clock.advance(minutes(1));
    const res = await t.caller(asha.http).auth.refresh();
    expect(asha.http.cookies.qp_rt).not.toBe(oldRefresh);
    // The rotated token goes back as the cookie only.
    expect(res.refreshToken).toBeUndefined();
    expect(asha.http.cookies.qp_at).toBe(res.accessToken);
    const claims = await verifyAccessToken(res.accessToken, t.config, t.clock.now());
    expect(claims).toMatchObject({
      userId: asha.user.id,
      sessionId: before?.id,
      authTime: before?.authTime,
    });
    expect(await t.store.listSessions(asha.user.id)).toHaveLength(1);
  });

  it('takes the refresh token from the input for clients without cookies', async () => {
    const refreshToken = asha.http.cookies.qp_rt;
    const res = await t.caller().auth.refresh({ refreshToken });
    expect(res.user.id).toBe(asha.user.id);
  });

  it('treats reuse of a rotated token as theft: the whole family is revoked', async () => {
    const stolen = asha.http.cookies.qp_rt;
    const fresh = await t.caller().auth.refresh({ refreshToken: stolen });
    const reuse = await refused(t.caller().auth.refresh({ refreshToken: stolen }));
    expect(reuse).toMatchObject({ code: 'UNAUTHORIZED', domainCode: 'UNAUTHENTICATED' });
    const next = await refused(t.caller().auth.refresh({ refreshToken: fresh.refreshToken }));
    expect(next.domainCode).toBe('UNAUTHENTICATED');
    const bearer = Object.assign(new FakeHttp(), { bearer: fresh.accessToken });
    expect((await refused(t.caller(bearer).profile.get())).domainCode).toBe('UNAUTHENTICATED');
    expect(await t.store.listSessions(asha.user.id)).toHaveLength(0);
  });

  it('refuses a missing, unknown or expired refresh token and clears the cookies', async () => {
    expect((await refused(t.caller().auth.refresh())).domainCode).toBe('UNAUTHENTICATED');
    const http = Object.assign(new FakeHttp(), { cookies: { qp_rt: 'made-up' } });
    expect((await refused(t.caller(http).auth.refresh())).domainCode).toBe('UNAUTHENTICATED');
    expect(http.cookies.qp_rt).toBeUndefined();
    t.clock.advance(31 * 24 * 3600_000);
    expect((await refused(t.caller(asha.http).auth.refresh())).domainCode).toBe('UNAUTHENTICATED');
  });
});

describe('auth.logOut', () => {
  it('revokes the current session at once and clears the cookies, leaving other sessions', async () => {
    const other = await secondDevice(asha);
    const token = asha.http.bearer;
    expect(await asha.api.auth.logOut()).toEqual({ ok: true });
    expect(asha.http.cookies).toEqual({});
    const stale = t.caller(Object.assign(new FakeHttp(), { bearer: token }));
    expect((await refused(stale.profile.get())).domainCode).toBe('UNAUTHENTICATED');
    expect((await t.caller(other).profile.get()).id).toBe(asha.user.id);
  });

  it('still ends the session with an expired access token when the refresh cookie is present', async () => {
    t.clock.advance(minutes(20));
    const refreshToken = asha.http.cookies.qp_rt;
    await t.caller(asha.http).auth.logOut();
    expect(asha.http.cookies).toEqual({});
    expect(await t.store.listSessions(asha.user.id)).toHaveLength(0);
    expect((await refused(t.caller().auth.refresh({ refreshToken }))).domainCode).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('answers ok with no session at all', async () => {
    expect(await t.caller().auth.logOut()).toEqual({ ok: true });
  });
});

describe('auth.confirmPassword', () => {
  it('stamps a new auth_time so money can move again after recent auth lapsed', async () => {
    t.clock.advance(minutes(6));
    const deposit = () =>
      asha.api.payments.deposit({ amount: 100, idempotencyKey: `k-${t.clock.now()}` });
    expect((await refused(deposit())).domainCode).toBe('REAUTH_REQUIRED');
    const res = await asha.api.auth.confirmPassword({ password: asha.password });
    expect(res.authTime).toBe(new Date(t.clock.now()).toISOString());
    expect(asha.http.cookies.qp_at).toBe(res.accessToken);
    const [session] = await t.store.listSessions(asha.user.id);
    expect(session?.authTime.getTime()).toBe(t.clock.now());
    expect((await deposit()).balance).toBe(100);
  });

  it('refuses a wrong password and limits failures per user', async () => {
    t.config.rateLimits.confirmPasswordPerUser = { limit: 2, windowMs: minutes(15) };
    for (let i = 0; i < 2; i++) {
      const r = await refused(asha.api.auth.confirmPassword({ password: 'not my password' }));
      expect(r).toMatchObject({ code: 'UNAUTHORIZED', domainCode: 'INVALID_CREDENTIALS' });
    }
    const r = await refused(asha.api.auth.confirmPassword({ password: asha.password }));
    expect(r.domainCode).toBe('RATE_LIMITED');
  });
});

describe('auth.changePassword', () => {
  const NEW = 'brand new secret 7';

  it('sets the password and ends every other session at once, keeping this one', async () => {
    const other = await secondDevice(asha);
    const otherRefresh = other.cookies.qp_rt;
    const res = await asha.api.auth.changePassword({
      currentPassword: asha.password,
      newPassword: NEW,
    });
    expect(res).toEqual({ ok: true, revokedSessions: 1 });
    expect((await refused(t.caller(other).profile.get())).domainCode).toBe('UNAUTHENTICATED');
    const r = await refused(t.caller().auth.refresh({ refreshToken: otherRefresh }));
    expect(r.domainCode).toBe('UNAUTHENTICATED');
    expect((await asha.api.profile.get()).id).toBe(asha.user.id);
    const old = await refused(
      t.caller().auth.logIn({ phone: asha.phone, password: asha.password }),
    );
    expect(old.domainCode).toBe('INVALID_CREDENTIALS');
    await t.caller().auth.logIn({ phone: asha.phone, password: NEW });
  });

  it('refuses a wrong current password and a weak new one, changing nothing', async () => {
    const wrong = await refused(
      asha.api.auth.changePassword({ currentPassword: 'nope nope', newPassword: NEW }),
    );
    expect(wrong.domainCode).toBe('INVALID_CREDENTIALS');
    const weak = await refused(
      asha.api.auth.changePassword({ currentPassword: asha.password, newPassword: 'password' }),
    );
    expect(weak).toMatchObject({ code: 'BAD_REQUEST', domainCode: 'WEAK_PASSWORD' });
    await t.caller().auth.logIn({ phone: asha.phone, password: asha.password });
  });

  it('needs a recent password proof when the current password is omitted', async () => {
    t.clock.advance(minutes(6));
    const stale = await refused(asha.api.auth.changePassword({ newPassword: NEW }));
    expect(stale).toMatchObject({ code: 'FORBIDDEN', domainCode: 'REAUTH_REQUIRED' });
    await asha.api.auth.confirmPassword({ password: asha.password });
    expect(await asha.api.auth.changePassword({ newPassword: NEW })).toMatchObject({ ok: true });
  });
});

describe('auth.sessions / auth.revokeSession', () => {
  it('names each device from its User-Agent, and ends every other session at once', async () => {
    const phone = Object.assign(new FakeHttp(), {
      userAgent:
        'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
    });
    const res = await t.caller(phone).auth.logIn({ phone: asha.phone, password: asha.password });
    phone.bearer = res.accessToken;
    const other = await secondDevice(asha);
    const list = await asha.api.auth.sessions();
    expect(list.map((s) => s.device.label).sort()).toEqual(
      ['Chrome 126 on Android phone', 'Unknown device', 'Unknown device'].sort(),
    );
    expect(await asha.api.auth.revokeOtherSessions()).toEqual({ revoked: 2 });
    expect((await asha.api.auth.sessions()).map((s) => s.current)).toEqual([true]);
    for (const gone of [phone, other]) {
      expect((await refused(t.caller(gone).auth.sessions())).domainCode).toBe('UNAUTHENTICATED');
    }
  });

  it('lists own live sessions with the current one marked and no secrets', async () => {
    await secondDevice(asha);
    const list = await asha.api.auth.sessions();
    expect(list).toHaveLength(2);
    expect(list.filter((s) => s.current)).toHaveLength(1);
    const phone = list.find((s) => !s.current);
    expect(phone).toMatchObject({ userAgent: 'phone app', ip: '198.51.100.5' });
    expect(Object.keys(phone ?? {}).sort()).toEqual(
      ['createdAt', 'current', 'device', 'id', 'ip', 'lastUsedAt', 'userAgent'].sort(),
    );
    expect(phone?.createdAt).toBe(new Date(t.clock.now()).toISOString());
  });

  it("ends one of the caller's sessions at once", async () => {
    const other = await secondDevice(asha);
    const target = (await asha.api.auth.sessions()).find((s) => !s.current);
    expect(await asha.api.auth.revokeSession({ sessionId: target?.id ?? '' })).toEqual({
      ok: true,
      current: false,
    });
    expect((await refused(t.caller(other).profile.get())).domainCode).toBe('UNAUTHENTICATED');
    expect(await asha.api.auth.sessions()).toHaveLength(1);
  });

  it('clears the cookies when the current session is revoked', async () => {
    const [mine] = await asha.api.auth.sessions();
    await asha.api.auth.revokeSession({ sessionId: mine?.id ?? '' });
    expect(asha.http.cookies).toEqual({});
  });

  it("refuses another user's session and an unknown one alike", async () => {
    const ravi = await t.signUp('Ravi Kumar');
    const [his] = await ravi.api.auth.sessions();
    for (const sessionId of [his?.id ?? '', 'no-such-session']) {
      const r = await refused(asha.api.auth.revokeSession({ sessionId }));
      expect(r).toMatchObject({ code: 'NOT_FOUND', domainCode: 'SESSION_NOT_FOUND' });
    }
    expect(await ravi.api.auth.sessions()).toHaveLength(1);
  });
});
