import { afterAll, expect, it } from 'vitest';
import { cookieJarFetch, startServer, type TestServer } from './helpers.ts';

/**
 * The server log (the real redacting pino logger at trace level) never holds a
 * password, an access or refresh token, a cookie, a reset code or a temporary
 * password, across every credential-carrying call of both APIs, refusals included.
 */

const s: TestServer = await startServer({ RATE_SIGNUPS_PER_IP: '1000' });
afterAll(() => s.close());

const FIRST = 'first secret phrase 11';
const SECOND = 'second secret phrase 22';
const THIRD = 'third secret phrase 33';
const WRONG = 'wrong secret phrase 44';
const LEGACY_NEW = 'legacy secret phrase 55';
const PHONE = '9812345670';

const secrets = new Set<string>([FIRST, SECOND, THIRD, WRONG, LEGACY_NEW]);

async function call(
  f: typeof fetch,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const res = await f(`${s.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  for (const c of res.headers.getSetCookie()) {
    const value = c.split(';')[0]?.split('=').slice(1).join('=');
    if (value) secrets.add(value);
  }
  const json = (await res.json()) as Record<string, unknown>;
  const data = (json.result as { data?: Record<string, unknown> } | undefined)?.data;
  for (const k of ['accessToken', 'refreshToken']) {
    if (typeof data?.[k] === 'string') secrets.add(data[k] as string);
  }
  return json;
}

const newestSms = async () =>
  (await s.app.deps.store.listSms({ to: `+91${PHONE}` }))[0]?.body ?? '';

it('no credential of any kind reaches the log', { timeout: 30_000 }, async () => {
  const browser = cookieJarFetch();
  const f = browser.fetch;
  // Typed API: sign up, log in right and wrong, refresh by body and cookie, step up, change password.
  const up = await call(f, '/trpc/auth.signUp', {
    fullName: 'Asha Rao',
    phone: PHONE,
    password: FIRST,
  });
  const { accessToken, user } = (
    up.result as { data: { accessToken: string; user: { accountNumber: number } } }
  ).data;
  const bearer = { authorization: `Bearer ${accessToken}` };
  await call(fetch, '/trpc/auth.logIn', { accountNumber: user.accountNumber, password: WRONG });
  // A bearer client's log-in: the refresh token comes in the body.
  const bodyLogIn = await call(fetch, '/trpc/auth.logIn', {
    phone: PHONE,
    password: FIRST,
    tokenDelivery: 'body',
  });
  const { refreshToken } = (bodyLogIn.result as { data: { refreshToken: string } }).data;
  await call(fetch, '/trpc/auth.refresh', { refreshToken });
  await call(fetch, '/trpc/auth.refresh', { refreshToken }); // reuse: refused, family revoked
  await call(f, '/trpc/auth.refresh', {});
  await call(f, '/trpc/auth.confirmPassword', { password: WRONG });
  await call(f, '/trpc/auth.confirmPassword', { password: FIRST });
  await call(f, '/trpc/account.dashboard');
  await call(fetch, '/trpc/account.dashboard', undefined, bearer);
  await call(f, '/trpc/auth.changePassword', { currentPassword: FIRST, newPassword: SECOND });

  // Reset by code.
  await call(fetch, '/trpc/auth.requestPasswordReset', { phone: PHONE });
  const code = /\b(\d{6})\b/.exec(await newestSms())?.[1] ?? '';
  expect(code).toMatch(/^\d{6}$/);
  await call(fetch, '/trpc/auth.resetPassword', {
    phone: PHONE,
    code: '000000',
    newPassword: THIRD,
  });
  await call(fetch, '/trpc/auth.resetPassword', { phone: PHONE, code, newPassword: THIRD });

  // Legacy: forgotPass, log in with the temporary password, pay, change password.
  const legacy = cookieJarFetch();
  await call(legacy.fetch, '/api/forgotPass', { phoneNumber: PHONE });
  const temp = /@0[A-Za-z0-9]{6}/.exec(await newestSms())?.[0] ?? '';
  expect(temp).not.toBe('');
  secrets.add(temp);
  const login = await call(legacy.fetch, '/api/login', {
    user_id: user.accountNumber,
    username: 'Asha Rao',
    password: temp,
  });
  expect(login.loggedIn).toBe(true);
  await call(legacy.fetch, '/api/process-payment', {
    transaction_type: 'deposit',
    amount: 5,
    password: WRONG,
  });
  await call(legacy.fetch, '/api/process-payment', {
    transaction_type: 'deposit',
    amount: 5,
    password: THIRD,
  });
  await call(legacy.fetch, '/api/change-password', {
    oldPassword: THIRD,
    newPassword: LEGACY_NEW,
    confirmNewPassword: LEGACY_NEW,
  });
  await call(legacy.fetch, '/api/login', {
    user_id: user.accountNumber,
    username: 'Asha Rao',
    password: WRONG,
  });

  const log = s.logs.join('');
  // The log is real: requests were logged at all.
  expect(log).toContain('/trpc/auth.signUp');
  expect(log).toContain('/api/login');
  for (const secret of secrets) expect(log, secret.slice(0, 12)).not.toContain(secret);
  // A 6-digit code may only appear inside longer numbers (timestamps), never on its own.
  expect(log).not.toMatch(new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`));
  expect(secrets.size).toBeGreaterThan(10);
});
