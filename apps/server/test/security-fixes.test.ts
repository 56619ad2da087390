import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { parseEnv } from '../src/env.ts';
import { startServer, type TestServer } from './helpers.ts';

/** Security findings from the review, each proved fixed over real HTTP. */

const PASSWORD = 'correct horse 42';
let seq = 0;
const phone = () => `93${String(10_000_000 + ++seq).slice(-8)}`;

async function post(
  url: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as unknown };
}

/** One HTTP request carrying n calls of one tRPC mutation (tRPC's batch format). */
async function batch(url: string, path: string, inputs: unknown[], token?: string) {
  const paths = inputs.map(() => path).join(',');
  const body = Object.fromEntries(inputs.map((input, i) => [i, input]));
  const res = await fetch(`${url}/trpc/${paths}?batch=1`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const items = (await res.json()) as { error?: { data: { httpStatus: number } } }[];
  return items.map((x) => x.error?.data.httpStatus ?? 200);
}

describe('finding: password guessing limits are bypassed by concurrent (batched) guesses', () => {
  let s: TestServer;
  afterAll(() => s.close());

  it('one batched request cannot make more failed log-ins than the per-account-and-IP limit allows', async () => {
    s = await startServer({
      RATE_LOGIN_FAILS_PER_ACCOUNT_IP: '3',
      RATE_LOGIN_FAILS_PER_IP: '1000',
    });
    const su = await post(s.url, '/trpc/auth.signUp', {
      fullName: 'Asha Rao',
      phone: phone(),
      password: PASSWORD,
    });
    const acct = (su.json as { result: { data: { user: { accountNumber: number } } } }).result.data
      .user.accountNumber;
    const guesses = Array.from({ length: 14 }, (_, i) => ({
      accountNumber: acct,
      password: `wrong guess ${i}`,
    }));
    // The attacker's last guess is the real password.
    guesses.push({ accountNumber: acct, password: PASSWORD });
    const statuses = await batch(s.url, 'auth.logIn', guesses);
    const tried = statuses.filter((x) => x !== 429).length;
    expect(tried, statuses.join(',')).toBeLessThanOrEqual(3);
    expect(statuses.at(-1)).toBe(429);
  });

  it('one batched request cannot make more failed log-ins than the per-IP limit allows', async () => {
    const t = await startServer({ RATE_LOGIN_FAILS_PER_IP: '5' });
    try {
      const guesses = Array.from({ length: 15 }, (_, i) => ({
        accountNumber: 5000 + i,
        password: `wrong guess ${i}`,
      }));
      const statuses = await batch(t.url, 'auth.logIn', guesses);
      expect(statuses.filter((x) => x !== 429).length, statuses.join(',')).toBeLessThanOrEqual(5);
    } finally {
      await t.close();
    }
  });

  it('a stolen access token cannot guess the password through a batch of confirmPassword calls', async () => {
    const t = await startServer();
    try {
      const su = await post(t.url, '/trpc/auth.signUp', {
        fullName: 'Asha Rao',
        phone: phone(),
        password: PASSWORD,
      });
      const token = (su.json as { result: { data: { accessToken: string } } }).result.data
        .accessToken;
      // confirmPasswordPerUser is 10 per 15 minutes.
      const guesses = Array.from({ length: 20 }, (_, i) => ({ password: `wrong guess ${i}` }));
      const statuses = await batch(t.url, 'auth.confirmPassword', guesses, token);
      expect(statuses.filter((x) => x !== 429).length, statuses.join(',')).toBeLessThanOrEqual(10);
    } finally {
      await t.close();
    }
  });
});

describe('finding: the SMS outbox writes reset codes and temporary passwords to the production log', () => {
  it('in production, neither a reset code nor a temporary password reaches the log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quickpay-sec-'));
    const config = parseEnv(
      {
        NODE_ENV: 'production',
        JWT_SECRET: 'a-production-secret-of-at-least-32-chars',
        LOG_LEVEL: 'info',
        DATA_DIR: dir,
      },
      dir,
    );
    const logs: string[] = [];
    // No prebuilt deps: the app builds them as in production (server.ts does the same).
    const app = await buildApp({
      config,
      webRoot: '/nonexistent-web-root',
      logStream: { write: (l) => logs.push(l) },
    });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      const url = `http://127.0.0.1:${address.port}`;
      const p = phone();
      await post(url, '/trpc/auth.signUp', { fullName: 'Asha Rao', phone: p, password: PASSWORD });
      expect((await post(url, '/trpc/auth.requestPasswordReset', { phone: p })).status).toBe(200);
      expect((await post(url, '/api/forgotPass', { phoneNumber: p })).status).toBe(200);
      const sent = await app.deps.store.listSms({ to: `+91${p}` });
      const secrets = sent.flatMap((m) => [
        ...(m.body.match(/\b\d{6}\b/g) ?? []),
        ...(m.body.match(/@0[A-Za-z0-9]{6}/g) ?? []),
      ]);
      expect(secrets.length).toBe(2);
      const log = logs.join('');
      for (const secret of secrets) expect(log).not.toContain(secret);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('finding: tRPC answers drop "Vary: Origin" while echoing an allowed origin', () => {
  let s: TestServer;
  afterAll(() => s.close());

  it('a tRPC answer with Access-Control-Allow-Origin varies on Origin (no cache can serve it to another origin)', async () => {
    s = await startServer({ CORS_ORIGINS: 'https://app.example.com' });
    const res = await fetch(`${s.url}/trpc/account.dashboard`, {
      headers: { origin: 'https://app.example.com' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(res.headers.get('vary') ?? '').toMatch(/\borigin\b/i);
  });
});

describe('finding: a legacy temporary password outlives a password change or reset', () => {
  it('after auth.changePassword and after auth.resetPassword, an earlier temporary password no longer logs in', async () => {
    const t = await startServer();
    try {
      const p = phone();
      const su = await post(t.url, '/trpc/auth.signUp', {
        fullName: 'Asha Rao',
        phone: p,
        password: PASSWORD,
      });
      const { accessToken, user } = (
        su.json as { result: { data: { accessToken: string; user: { accountNumber: number } } } }
      ).result.data;
      const newestTemp = async () =>
        /@0[A-Za-z0-9]{6}/.exec(
          (await t.app.deps.store.listSms({ to: `+91${p}` }))[0]?.body ?? '',
        )?.[0];
      // Issued, then the owner changes the password (e.g. to lock someone out).
      await post(t.url, '/api/forgotPass', { phoneNumber: p });
      const temp = await newestTemp();
      const change = await post(
        t.url,
        '/trpc/auth.changePassword',
        { currentPassword: PASSWORD, newPassword: 'brand new phrase 88' },
        { authorization: `Bearer ${accessToken}` },
      );
      expect(change.status).toBe(200);
      const afterChange = await post(t.url, '/api/login', {
        user_id: user.accountNumber,
        username: 'Asha Rao',
        password: temp,
      });
      expect(afterChange.status).toBe(401);

      // Issued, then the password is reset by SMS code (every session ends).
      await post(t.url, '/api/forgotPass', { phoneNumber: p });
      const temp2 = await newestTemp();
      await post(t.url, '/trpc/auth.requestPasswordReset', { phone: p });
      const code = /\b(\d{6})\b/.exec(
        (await t.app.deps.store.listSms({ to: `+91${p}` }))[0]?.body ?? '',
      )?.[1];
      const reset = await post(t.url, '/trpc/auth.resetPassword', {
        phone: p,
        code,
        newPassword: 'reset new phrase 77',
      });
      expect(reset.status).toBe(200);
      const afterReset = await post(t.url, '/api/login', {
        user_id: user.accountNumber,
        username: 'Asha Rao',
        password: temp2,
      });
      expect(afterReset.status).toBe(401);
    } finally {
      await t.close();
    }
  });
});

describe('finding: per-IP limits count each IPv6 address separately (a /64 holds 2^64 of them)', () => {
  it('failed log-ins from one IPv6 /64 share one per-IP budget', async () => {
    const t = await startServer({ TRUST_PROXY: '1', RATE_LOGIN_FAILS_PER_IP: '2' });
    try {
      const statuses = [];
      for (const ip of ['2001:db8::1', '2001:db8::2', '2001:db8::3', '2001:db8::4']) {
        statuses.push(
          (
            await post(
              t.url,
              '/trpc/auth.logIn',
              { accountNumber: 9999, password: 'wrong guess x' },
              {
                'x-forwarded-for': ip,
              },
            )
          ).status,
        );
      }
      expect(statuses).toEqual([401, 401, 429, 429]);
    } finally {
      await t.close();
    }
  });
});

describe('finding: a tRPC batch has no size limit', () => {
  it('a batch of 50 calls is refused as a whole with 400', async () => {
    const t = await startServer();
    try {
      const inputs = Array.from({ length: 50 }, (_, i) => ({
        accountNumber: 6000 + i,
        password: 'x y z w 1',
      }));
      const paths = inputs.map(() => 'auth.logIn').join(',');
      const res = await fetch(`${t.url}/trpc/${paths}?batch=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(Object.fromEntries(inputs.map((x, i) => [i, x]))),
      });
      expect(res.status).toBe(400);
    } finally {
      await t.close();
    }
  });
});

describe("finding: a sender's name carries links into the recipient's SMS alert", () => {
  it('an alert never carries a URL or domain taken from the sender name', async () => {
    const t = await startServer({ RATE_SIGNUPS_PER_IP: '1000' });
    try {
      const signUpAt = async (fullName: string, p: string) =>
        (
          (await post(t.url, '/trpc/auth.signUp', { fullName, phone: p, password: PASSWORD }))
            .json as {
            result: { data: { accessToken: string; user: { accountNumber: number } } };
          }
        ).result.data;
      const victimPhone = phone();
      const victim = await signUpAt('Meera Iyer', victimPhone);
      await post(
        t.url,
        '/trpc/profile.update',
        { smsAlerts: true },
        { authorization: `Bearer ${victim.accessToken}` },
      );
      const evil = await signUpAt('https://evil.example/kyc-update-now', phone());
      const auth = { authorization: `Bearer ${evil.accessToken}` };
      await post(
        t.url,
        '/trpc/payments.deposit',
        { amount: 100, idempotencyKey: crypto.randomUUID() },
        auth,
      );
      const pay = await post(
        t.url,
        '/trpc/payments.transfer',
        {
          toAccountNumber: victim.user.accountNumber,
          amount: 1,
          idempotencyKey: crypto.randomUUID(),
        },
        auth,
      );
      expect(pay.status).toBe(200);
      const [alert] = await t.app.deps.store.listSms({ to: `+91${victimPhone}` });
      expect(alert?.body).toMatch(/credited/);
      expect(alert?.body).not.toMatch(/https?:|evil\.example|\//);
    } finally {
      await t.close();
    }
  });
});

describe('finding: legacy forgotPass does less work for an unknown number (timing tells)', () => {
  it('a registered and an unknown number cost the same store writes', async () => {
    const { openSqliteStore } = await import('@quickpay/db/sqlite');
    const { createOutboxSender } = await import('@quickpay/sms');
    const { createDeps } = await import('../src/deps.ts');
    const inner = openSqliteStore({ file: ':memory:' });
    const calls: string[] = [];
    // Counts every store method called (the SMS outbox writes through the same store).
    const store = new Proxy(inner, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          calls.push(String(prop));
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const config = parseEnv(
      { NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: 'x'.repeat(48) },
      tmpdir(),
    );
    const deps = await createDeps(config, () => {}, Date.now, {
      store,
      sms: (s) => createOutboxSender(s, () => {}),
    });
    const app = await buildApp({ config, deps, logger: false, webRoot: '/nonexistent-web-root' });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      const url = `http://127.0.0.1:${address.port}`;
      const known = phone();
      await post(url, '/trpc/auth.signUp', {
        fullName: 'Asha Rao',
        phone: known,
        password: PASSWORD,
      });
      const work = async (path: string, body: unknown) => {
        calls.length = 0;
        await post(url, path, body);
        return calls.filter((c) => !/^(find|get|peek|list)/.test(c)).length;
      };
      const typedKnown = await work('/trpc/auth.requestPasswordReset', { phone: known });
      const typedUnknown = await work('/trpc/auth.requestPasswordReset', { phone: phone() });
      expect(typedUnknown).toBe(typedKnown);
      const legacyKnown = await work('/api/forgotPass', { phoneNumber: known });
      const legacyUnknown = await work('/api/forgotPass', { phoneNumber: phone() });
      expect(legacyUnknown).toBe(legacyKnown);
    } finally {
      await app.close();
      await inner.close();
    }
  });
});
