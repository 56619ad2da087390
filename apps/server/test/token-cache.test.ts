import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers.ts';

/**
 * Issue 14: a verified access token's claims are cached until it expires (the HMAC
 * check is deterministic), but the store checks behind it are not: a token already in
 * the cache stops working at once when its session is revoked, logged out or its
 * password changes, and at its expiry.
 */
const PASSWORD = 'correct horse 42';
const s: TestServer = await startServer({
  RATE_SIGNUPS_PER_IP: '1000',
  RATE_PASSWORD_CHECKS_PER_IP: '1000',
  RATE_PASSWORD_CHECKS_PER_ACCOUNT: '1000',
});
afterAll(() => s.close());

let seq = 0;
const phone = () => `94${String(10_000_000 + ++seq).slice(-8)}`;

interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: { accountNumber: number };
}

async function call<T>(path: string, body: unknown, token?: string): Promise<[number, T]> {
  const res = await fetch(`${s.url}/trpc/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as { result?: { data: T } };
  return [res.status, json.result?.data as T];
}

/** A user with two sessions (sign-up, then a second log-in), both tokens already used. */
async function twoSessions(): Promise<[Tokens, Tokens]> {
  const [, a] = await call<Tokens>('auth.signUp', {
    fullName: 'Asha Rao',
    phone: phone(),
    password: PASSWORD,
    tokenDelivery: 'body',
  });
  const [, b] = await call<Tokens>('auth.logIn', {
    accountNumber: a.user.accountNumber,
    password: PASSWORD,
    tokenDelivery: 'body',
  });
  for (const t of [a, b, a, b])
    expect((await call('profile.get', undefined, t.accessToken))[0]).toBe(200);
  return [a, b];
}

const status = async (token: string) => (await call('profile.get', undefined, token))[0];

describe('a cached access token', () => {
  it('stops working at once when its session is revoked', async () => {
    const [a, b] = await twoSessions();
    const [, list] = await call<{ id: string; current: boolean }[]>(
      'auth.sessions',
      undefined,
      a.accessToken,
    );
    const own = list.find((x) => x.current);
    expect(own).toBeDefined();
    await call('auth.revokeSession', { sessionId: own?.id }, b.accessToken);
    expect(await status(a.accessToken)).toBe(401);
    expect(await status(b.accessToken)).toBe(200);
  });

  it('stops working at once on log-out', async () => {
    const [a] = await twoSessions();
    await call('auth.logOut', { refreshToken: a.refreshToken }, a.accessToken);
    expect(await status(a.accessToken)).toBe(401);
  });

  it('stops working at once when the password changes elsewhere', async () => {
    const [a, b] = await twoSessions();
    const [changed] = await call(
      'auth.changePassword',
      { currentPassword: PASSWORD, newPassword: 'another long phrase 7' },
      b.accessToken,
    );
    expect(changed).toBe(200);
    expect(await status(a.accessToken)).toBe(401);
  });

  it('expires at its exp even though its claims are cached', async () => {
    const [a] = await twoSessions();
    s.clock.advance((a.expiresIn - 1) * 1000);
    expect(await status(a.accessToken)).toBe(200);
    s.clock.advance(1000);
    expect(await status(a.accessToken)).toBe(401);
  });
});
