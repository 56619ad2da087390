import { createHmac, randomUUID } from 'node:crypto';
import { appRouter } from '@quickpay/api';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers.ts';

/**
 * Security probes of authentication over real HTTP: every procedure and legacy route
 * refuses an anonymous caller; forged, expired and revoked tokens are refused; refresh
 * token reuse revokes the family; tokens in query strings are ignored; log-in and
 * reset answers do not reveal whether an account exists.
 */

const PASSWORD = 'correct horse 42';
const s: TestServer = await startServer({
  RATE_SIGNUPS_PER_IP: '1000',
  RATE_LOGIN_FAILS_PER_IP: '1000',
  RATE_RESET_PER_IP: '1000',
});
afterAll(() => s.close());

let seq = 0;
const phone = () => `91${String(10_000_000 + ++seq).slice(-8)}`;

interface Rpc {
  status: number;
  text: string;
  data: unknown;
  error: { message: string; data: { code: string; domainCode: string | null } } | undefined;
  setCookie: string[];
}

/** One tRPC call over HTTP: queries by GET (?input=), mutations by POST with a JSON body. */
async function rpc(
  path: string,
  input?: unknown,
  opts: { method?: 'GET' | 'POST'; token?: string; cookie?: string; query?: string } = {},
): Promise<Rpc> {
  const method = opts.method ?? 'POST';
  const qs = new URLSearchParams();
  if (method === 'GET' && input !== undefined) qs.set('input', JSON.stringify(input));
  const extra = opts.query ?? '';
  const url = `${s.url}/trpc/${path}${qs.size || extra ? `?${qs}${qs.size && extra ? '&' : ''}${extra}` : ''}`;
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  if (method === 'POST') headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method,
    headers,
    ...(method === 'POST' ? { body: JSON.stringify(input ?? {}) } : {}),
  });
  const text = await res.text();
  const json = JSON.parse(text) as { result?: { data: unknown }; error?: Rpc['error'] };
  return {
    status: res.status,
    text,
    data: json.result?.data,
    error: json.error,
    setCookie: res.headers.getSetCookie(),
  };
}

interface Signed {
  accessToken: string;
  refreshToken: string;
  user: { id: string; accountNumber: number; fullName: string };
  phone: string;
}

async function signUp(fullName = 'Asha Rao'): Promise<Signed> {
  const p = phone();
  // A bearer client: the refresh token comes in the body (tokenDelivery 'body').
  const r = await rpc('auth.signUp', {
    fullName,
    phone: p,
    password: PASSWORD,
    tokenDelivery: 'body',
  });
  if (r.status !== 200) throw new Error(`sign-up failed: ${r.text}`);
  return { ...(r.data as Omit<Signed, 'phone'>), phone: p };
}

const dashboard = (token: string) => rpc('account.dashboard', undefined, { method: 'GET', token });

/** An HS256 JWT over any claims, signed with any key. */
function jwt(claims: Record<string, unknown>, key: Uint8Array | string, alg = 'HS256'): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${enc({ alg, typ: 'JWT' })}.${enc(claims)}`;
  const sig = createHmac('sha256', key).update(head).digest('base64url');
  return `${head}.${sig}`;
}
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >;

const PUBLIC = new Set([
  'auth.signUp',
  'auth.logIn',
  'auth.logOut',
  'auth.refresh',
  'auth.requestPasswordReset',
  'auth.resetPassword',
]);

describe('an anonymous caller', { timeout: 30_000 }, () => {
  const procedures = Object.entries(
    appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
  );

  it('the router still has the procedures this probe knows about', () => {
    expect(procedures.length).toBeGreaterThanOrEqual(29);
    for (const p of PUBLIC) expect(procedures.map(([k]) => k)).toContain(p);
  });

  it('gets 401 UNAUTHORIZED and no data from every non-public procedure', async () => {
    for (const [path, proc] of procedures) {
      if (PUBLIC.has(path)) continue;
      const method = proc._def.type === 'query' ? 'GET' : 'POST';
      const r = await rpc(path, method === 'GET' ? undefined : {}, { method });
      expect(r.status, path).toBe(401);
      expect(r.error?.data.code, path).toBe('UNAUTHORIZED');
      expect(r.data, path).toBeUndefined();
    }
  });

  it('gets 401 "User not logged in" from every legacy route but signup, login and forgotPass', async () => {
    const routes: [string, string][] = [
      ['POST', '/api/change-password'],
      ['GET', '/api/profile-data'],
      ['GET', '/api/dashboard-data'],
      ['GET', '/api/transactions-data'],
      ['POST', '/api/process-payment'],
      ['GET', '/api/savings'],
      ['POST', '/api/savings'],
      ['POST', '/api/savingsDelete'],
      ['GET', '/api/people'],
      ['POST', '/api/people'],
      ['PUT', '/api/people/pid_abc'],
      ['DELETE', '/api/people/pid_abc'],
    ];
    for (const [method, path] of routes) {
      const hasBody = method === 'POST' || method === 'PUT';
      const res = await fetch(`${s.url}${path}`, {
        method,
        ...(hasBody
          ? {
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ amount: 10, transaction_type: 'deposit', password: PASSWORD }),
            }
          : {}),
      });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(await res.json(), `${method} ${path}`).toEqual({ error: 'User not logged in' });
    }
  });
});

describe('access tokens', { timeout: 30_000 }, () => {
  it('refuses an HS256 token with genuine claims signed with another key', async () => {
    const a = await signUp();
    const forged = jwt(claimsOf(a.accessToken), 'not-the-server-secret-'.repeat(3));
    expect((await dashboard(forged)).status).toBe(401);
    expect((await dashboard(a.accessToken)).status).toBe(200);
  });

  it('refuses alg none, and a token re-signed for another user id', async () => {
    const a = await signUp();
    const b = await signUp('Ravi Kumar');
    const claims = claimsOf(a.accessToken);
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ ...claims, sub: b.user.id })}.`;
    expect((await dashboard(none)).status).toBe(401);
    // Even with the real key, a's session id does not let the token speak for b.
    const secret = s.app.deps.config.jwtSecret;
    const swapped = jwt({ ...claims, sub: b.user.id }, secret);
    expect((await dashboard(swapped)).status).toBe(401);
  });

  it('refuses an expired token signed with the right key', async () => {
    const a = await signUp();
    const claims = claimsOf(a.accessToken);
    const past = Math.floor(s.clock.now() / 1000) - 3600;
    const expired = jwt({ ...claims, iat: past - 900, exp: past }, s.app.deps.config.jwtSecret);
    expect((await dashboard(expired)).status).toBe(401);
  });

  it('ignores tokens in the query string', async () => {
    const a = await signUp();
    for (const name of ['access_token', 'token', 'accessToken', 'qp_at', 'authorization']) {
      const r = await rpc('account.dashboard', undefined, {
        method: 'GET',
        query: `${name}=${encodeURIComponent(a.accessToken)}`,
      });
      expect(r.status, name).toBe(401);
      expect(r.data, name).toBeUndefined();
    }
  });

  it('stops working at once after logOut', async () => {
    const a = await signUp();
    expect((await rpc('auth.logOut', {}, { token: a.accessToken })).status).toBe(200);
    expect((await dashboard(a.accessToken)).status).toBe(401);
    // Its cookie form is dead too.
    const viaCookie = await rpc('account.dashboard', undefined, {
      method: 'GET',
      cookie: `qp_at=${a.accessToken}`,
    });
    expect(viaCookie.status).toBe(401);
  });

  it('of every other session stop working at once after changePassword', async () => {
    const a = await signUp();
    const other = await rpc('auth.logIn', {
      accountNumber: a.user.accountNumber,
      password: PASSWORD,
      tokenDelivery: 'body',
    });
    const otherToken = (other.data as Signed).accessToken;
    expect((await dashboard(otherToken)).status).toBe(200);
    const change = await rpc(
      'auth.changePassword',
      { currentPassword: PASSWORD, newPassword: 'another long phrase 7' },
      { token: a.accessToken },
    );
    expect(change.status).toBe(200);
    expect((await dashboard(otherToken)).status).toBe(401);
    expect((await dashboard(a.accessToken)).status).toBe(200);
    // The other session's refresh token is dead too.
    const refreshed = await rpc('auth.refresh', {
      refreshToken: (other.data as Signed).refreshToken,
    });
    expect(refreshed.status).toBe(401);
  });
});

describe('password resets', { timeout: 30_000 }, () => {
  it('auth.resetPassword ends every session at once, access and refresh tokens alike', async () => {
    const a = await signUp();
    expect((await rpc('auth.requestPasswordReset', { phone: a.phone })).status).toBe(200);
    const [sms] = await s.app.deps.store.listSms({ to: `+91${a.phone}` });
    const code = /\b(\d{6})\b/.exec(sms?.body ?? '')?.[1];
    const reset = await rpc('auth.resetPassword', {
      phone: a.phone,
      code,
      newPassword: 'another long phrase 7',
    });
    expect(reset.status).toBe(200);
    expect((await dashboard(a.accessToken)).status).toBe(401);
    expect((await rpc('auth.refresh', { refreshToken: a.refreshToken })).status).toBe(401);
    // The old password is gone; the code was single use.
    const old = await rpc('auth.logIn', { phone: a.phone, password: PASSWORD });
    expect(old.status).toBe(401);
    const again = await rpc('auth.resetPassword', {
      phone: a.phone,
      code,
      newPassword: 'yet another phrase 8',
    });
    expect(again.status).toBe(400);
  });

  it('legacy change-password ends every other session at once', async () => {
    const a = await signUp();
    const legacy = (await rpc('auth.logIn', { phone: a.phone, password: PASSWORD })).data as Signed;
    const res = await fetch(`${s.url}/api/change-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `qp_at=${legacy.accessToken}` },
      body: JSON.stringify({
        oldPassword: PASSWORD,
        newPassword: 'another long phrase 7',
        confirmNewPassword: 'another long phrase 7',
      }),
    });
    expect(res.status).toBe(200);
    expect((await dashboard(a.accessToken)).status).toBe(401);
    expect((await dashboard(legacy.accessToken)).status).toBe(200);
  });
});

describe('refresh tokens', { timeout: 30_000 }, () => {
  it('rotate; reusing a rotated one revokes the whole family, access tokens included', async () => {
    const a = await signUp();
    const first = await rpc('auth.refresh', { refreshToken: a.refreshToken });
    expect(first.status).toBe(200);
    const next = first.data as Signed;
    expect(next.refreshToken).not.toBe(a.refreshToken);
    expect((await dashboard(next.accessToken)).status).toBe(200);

    const reuse = await rpc('auth.refresh', { refreshToken: a.refreshToken });
    expect(reuse.status).toBe(401);
    expect(reuse.data).toBeUndefined();
    expect((await rpc('auth.refresh', { refreshToken: next.refreshToken })).status).toBe(401);
    expect((await dashboard(next.accessToken)).status).toBe(401);
  });

  it('a refresh token sent as a cookie rotates the same way', async () => {
    const a = await signUp();
    const first = await rpc('auth.refresh', {}, { cookie: `qp_rt=${a.refreshToken}` });
    expect(first.status).toBe(200);
    expect(first.setCookie.some((c) => c.startsWith('qp_rt=') && /HttpOnly/i.test(c))).toBe(true);
    const reuse = await rpc('auth.refresh', {}, { cookie: `qp_rt=${a.refreshToken}` });
    expect(reuse.status).toBe(401);
  });

  it('an unknown or junk refresh token is 401, not 500', async () => {
    for (const refreshToken of ['x', 'a'.repeat(200), randomUUID()]) {
      expect((await rpc('auth.refresh', { refreshToken })).status).toBe(401);
    }
    expect((await rpc('auth.refresh', { refreshToken: 'a'.repeat(201) })).status).toBe(400);
  });
});

describe('sessions', { timeout: 30_000 }, () => {
  it("user B cannot end user A's session, and gets the same answer as for a missing one", async () => {
    const a = await signUp();
    const b = await signUp('Ravi Kumar');
    const aSessionId = claimsOf(a.accessToken).sid;
    const theirs = await rpc(
      'auth.revokeSession',
      { sessionId: aSessionId },
      { token: b.accessToken },
    );
    const missing = await rpc(
      'auth.revokeSession',
      { sessionId: 'nope' },
      { token: b.accessToken },
    );
    expect(theirs.status).toBe(404);
    expect(theirs.error?.data.domainCode).toBe('SESSION_NOT_FOUND');
    expect(theirs.error?.message).toBe(missing.error?.message);
    expect((await dashboard(a.accessToken)).status).toBe(200);
    // And B's listing never shows A's session.
    const list = await rpc('auth.sessions', undefined, { method: 'GET', token: b.accessToken });
    expect((list.data as { id: string }[]).map((x) => x.id)).not.toContain(aSessionId);
  });
});

describe('answers do not reveal whether an account exists', { timeout: 30_000 }, () => {
  /** The error part of a tRPC answer (path included), as a client sees it. */
  const answer = (r: Rpc) => ({ status: r.status, error: r.error, data: r.data });

  it('auth.logIn: unknown account number, unknown phone and wrong password answer alike', async () => {
    const a = await signUp();
    const wrong = await rpc('auth.logIn', {
      accountNumber: a.user.accountNumber,
      password: 'wrong password 1',
    });
    const unknown = await rpc('auth.logIn', { accountNumber: 987_654, password: 'x y z w 1' });
    const byPhone = await rpc('auth.logIn', { phone: phone(), password: 'x y z w 1' });
    const wrongByPhone = await rpc('auth.logIn', { phone: a.phone, password: 'x y z w 1' });
    expect(answer(wrong).status).toBe(401);
    expect(answer(unknown)).toEqual(answer(wrong));
    expect(answer(byPhone)).toEqual(answer(wrong));
    expect(answer(wrongByPhone)).toEqual(answer(wrong));
    expect(wrong.setCookie).toEqual([]);
    expect(unknown.setCookie).toEqual([]);
  });

  it('auth.requestPasswordReset: a registered and an unknown number answer alike', async () => {
    const a = await signUp();
    const known = await rpc('auth.requestPasswordReset', { phone: a.phone });
    const unknown = await rpc('auth.requestPasswordReset', { phone: phone() });
    expect(known.status).toBe(200);
    expect(answer(unknown)).toEqual(answer(known));
  });

  it('auth.resetPassword: a wrong code for a registered number answers as an unknown number', async () => {
    const a = await signUp();
    const known = await rpc('auth.resetPassword', {
      phone: a.phone,
      code: '123456',
      newPassword: 'another long phrase 7',
    });
    const unknown = await rpc('auth.resetPassword', {
      phone: phone(),
      code: '123456',
      newPassword: 'another long phrase 7',
    });
    expect(known.status).toBe(400);
    expect(answer(unknown)).toEqual(answer(known));
  });

  it('legacy /api/login and /api/forgotPass answer alike for unknown accounts and numbers', async () => {
    const a = await signUp();
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${s.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json(), cookies: res.headers.getSetCookie() };
    };
    const wrong = await post('/api/login', {
      user_id: a.user.accountNumber,
      username: 'Asha Rao',
      password: 'wrong password 1',
    });
    const wrongName = await post('/api/login', {
      user_id: a.user.accountNumber,
      username: 'Someone Else',
      password: PASSWORD,
    });
    const unknown = await post('/api/login', {
      user_id: 987_654,
      username: 'Asha Rao',
      password: 'wrong password 1',
    });
    expect(wrong).toEqual({
      status: 401,
      body: { error: 'Invalid credentials', loggedIn: false },
      cookies: [],
    });
    expect(unknown).toEqual(wrong);
    expect(wrongName).toEqual(wrong);

    const known = await post('/api/forgotPass', { phoneNumber: a.phone });
    const stranger = await post('/api/forgotPass', { phoneNumber: phone() });
    expect(known.status).toBe(200);
    expect(stranger).toEqual(known);
    expect(JSON.stringify(known.body)).not.toMatch(/@0[A-Za-z0-9]{6}/);
  });
});
