import { describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers.ts';

/**
 * Rate limits over real HTTP: failed log-ins per account and per IP, sign-ups per IP,
 * reset codes per phone and per IP, on the typed API and the legacy adapter. Without
 * TRUST_PROXY the client address is the socket's, so a forged X-Forwarded-For buys
 * nothing.
 */

const PASSWORD = 'correct horse 42';
let seq = 0;
const phone = () => `96${String(10_000_000 + ++seq).slice(-8)}`;
let forged = 0;
/** A different forged client address on every call. */
const spoof = () => ({
  'x-forwarded-for': `203.0.113.${++forged % 250}`,
  'x-real-ip': `198.51.100.${forged % 250}`,
});

async function post(
  s: TestServer,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${s.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const domainCode = (json: Record<string, unknown>) =>
  (json.error as { data?: { domainCode?: string } } | undefined)?.data?.domainCode;

async function withServer(env: Record<string, string>, run: (s: TestServer) => Promise<void>) {
  const s = await startServer(env);
  try {
    await run(s);
  } finally {
    await s.close();
  }
}

async function signUp(s: TestServer, headers: Record<string, string> = {}) {
  const p = phone();
  const r = await post(
    s,
    '/trpc/auth.signUp',
    { fullName: 'Asha Rao', phone: p, password: PASSWORD },
    headers,
  );
  const data = (r.json.result as { data: { user: { accountNumber: number } } }).data;
  return { accountNumber: data.user.accountNumber, phone: p };
}

describe('failed log-ins', { timeout: 30_000 }, () => {
  it('lock the account number at that address after the limit, even for the right password and from a forged address', () =>
    withServer({ RATE_LOGIN_FAILS_PER_ACCOUNT_IP: '3' }, async (s) => {
      const a = await signUp(s);
      for (let i = 0; i < 3; i++) {
        const r = await post(
          s,
          '/trpc/auth.logIn',
          { accountNumber: a.accountNumber, password: `wrong ${i} guess` },
          spoof(),
        );
        expect(r.status).toBe(401);
      }
      const right = await post(
        s,
        '/trpc/auth.logIn',
        { accountNumber: a.accountNumber, password: PASSWORD },
        spoof(),
      );
      expect(right.status).toBe(429);
      expect(domainCode(right.json)).toBe('RATE_LIMITED');
      expect(right.json.result).toBeUndefined();
      // The phone has its own counter: a shared one would tell which account the phone is.
      const byPhone = await post(s, '/trpc/auth.logIn', { phone: a.phone, password: PASSWORD });
      expect(byPhone.status).toBe(200);
      // The legacy door is locked too.
      const legacy = await post(s, '/api/login', {
        user_id: a.accountNumber,
        username: 'Asha Rao',
        password: PASSWORD,
      });
      expect(legacy.status).toBe(429);
      expect(legacy.json.error).toBe('Too many requests');
    }));

  it('count legacy failures against the same account number and address', () =>
    withServer({ RATE_LOGIN_FAILS_PER_ACCOUNT_IP: '3' }, async (s) => {
      const a = await signUp(s);
      for (let i = 0; i < 3; i++) {
        const r = await post(s, '/api/login', {
          user_id: a.accountNumber,
          username: 'Asha Rao',
          password: `wrong ${i} guess`,
        });
        expect(r.status).toBe(401);
      }
      const r = await post(s, '/trpc/auth.logIn', {
        accountNumber: a.accountNumber,
        password: PASSWORD,
      });
      expect(r.status).toBe(429);
    }));

  it('are limited per IP across accounts; a forged X-Forwarded-For does not reset it', () =>
    withServer({ RATE_LOGIN_FAILS_PER_IP: '3' }, async (s) => {
      for (let i = 0; i < 3; i++) {
        const r = await post(
          s,
          '/trpc/auth.logIn',
          { accountNumber: 7000 + i, password: 'wrong guess x' },
          spoof(),
        );
        expect(r.status).toBe(401);
      }
      for (let i = 0; i < 3; i++) {
        const r = await post(
          s,
          '/trpc/auth.logIn',
          { accountNumber: 8000 + i, password: 'wrong guess x' },
          spoof(),
        );
        expect(r.status).toBe(429);
      }
    }));

  it('with TRUST_PROXY=1 the nearest proxy decides the client address', () =>
    withServer({ RATE_LOGIN_FAILS_PER_IP: '2', TRUST_PROXY: '1' }, async (s) => {
      const from = (ip: string) => ({ 'x-forwarded-for': ip });
      for (let i = 0; i < 2; i++) {
        expect(
          (
            await post(
              s,
              '/trpc/auth.logIn',
              { accountNumber: 7000 + i, password: 'wrong guess x' },
              from('203.0.113.7'),
            )
          ).status,
        ).toBe(401);
      }
      expect(
        (
          await post(
            s,
            '/trpc/auth.logIn',
            { accountNumber: 7100, password: 'wrong guess x' },
            from('203.0.113.7'),
          )
        ).status,
      ).toBe(429);
      // A client forging a longer chain is still known by the address the proxy saw.
      const chained = from('198.51.100.1, 203.0.113.7');
      expect(
        (
          await post(
            s,
            '/trpc/auth.logIn',
            { accountNumber: 7200, password: 'wrong guess x' },
            chained,
          )
        ).status,
      ).toBe(429);
      expect(
        (
          await post(
            s,
            '/trpc/auth.logIn',
            { accountNumber: 7300, password: 'wrong guess x' },
            from('203.0.113.8'),
          )
        ).status,
      ).toBe(401);
    }));
});

describe('sign-ups', { timeout: 30_000 }, () => {
  it('are limited per IP on both APIs; forged addresses do not help', () =>
    withServer({ RATE_SIGNUPS_PER_IP: '2' }, async (s) => {
      await signUp(s, spoof());
      await signUp(s, spoof());
      const p = phone();
      const typed = await post(
        s,
        '/trpc/auth.signUp',
        { fullName: 'Asha Rao', phone: p, password: PASSWORD },
        spoof(),
      );
      expect(typed.status).toBe(429);
      const legacy = await post(
        s,
        '/api/signup',
        { username: 'Asha Rao', password: PASSWORD, age: 30, gender: 'Female', phoneNumber: p },
        spoof(),
      );
      expect(legacy.status).toBe(429);
      expect(legacy.json.error).toBe('Too many requests');
      // Nothing was created by the refused calls.
      expect(await s.app.deps.store.findUserByPhone(`+91${p}`)).toBeNull();
    }));
});

describe('reset codes and temporary passwords', { timeout: 30_000 }, () => {
  it('are limited per phone (3 per window) on both APIs, whatever address asks', () =>
    withServer({}, async (s) => {
      const a = await signUp(s);
      for (let i = 0; i < 3; i++) {
        expect(
          (await post(s, '/trpc/auth.requestPasswordReset', { phone: a.phone }, spoof())).status,
        ).toBe(200);
      }
      const typed = await post(s, '/trpc/auth.requestPasswordReset', { phone: a.phone }, spoof());
      expect(typed.status).toBe(429);
      for (let i = 0; i < 3; i++) {
        expect((await post(s, '/api/forgotPass', { phoneNumber: a.phone }, spoof())).status).toBe(
          200,
        );
      }
      const legacy = await post(s, '/api/forgotPass', { phoneNumber: a.phone }, spoof());
      expect(legacy).toEqual({
        status: 429,
        json: { error: 'Too many requests', isSMSSent: false },
      });
      // Exactly six texts went out: none for refused requests.
      expect(await s.app.deps.store.listSms({ to: `+91${a.phone}` })).toHaveLength(6);
    }));

  it('writing the same number differently does not buy more codes', () =>
    withServer({}, async (s) => {
      const a = await signUp(s);
      const forms = [
        a.phone,
        `+91${a.phone}`,
        `+91 ${a.phone.slice(0, 5)} ${a.phone.slice(5)}`,
        `0091${a.phone}`,
      ];
      const answers = [];
      for (const p of forms) {
        answers.push((await post(s, '/trpc/auth.requestPasswordReset', { phone: p })).status);
      }
      // A form the normalizer refuses is a 400; every accepted one counts against the one number.
      expect(answers.filter((x) => x === 200).length).toBeLessThanOrEqual(3);
      expect(answers.slice(0, 3)).toEqual([200, 200, 200]);
      expect(answers[3]).not.toBe(200);
    }));

  it('an unknown number is limited exactly like a registered one', () =>
    withServer({}, async (s) => {
      const stranger = phone();
      const answers = [];
      for (let i = 0; i < 4; i++) {
        answers.push(
          (await post(s, '/trpc/auth.requestPasswordReset', { phone: stranger })).status,
        );
      }
      expect(answers).toEqual([200, 200, 200, 429]);
    }));

  it('are limited per IP across phones', () =>
    withServer({ RATE_RESET_PER_IP: '2' }, async (s) => {
      expect(
        (await post(s, '/trpc/auth.requestPasswordReset', { phone: phone() }, spoof())).status,
      ).toBe(200);
      expect(
        (await post(s, '/trpc/auth.requestPasswordReset', { phone: phone() }, spoof())).status,
      ).toBe(200);
      expect(
        (await post(s, '/trpc/auth.requestPasswordReset', { phone: phone() }, spoof())).status,
      ).toBe(429);
      expect((await post(s, '/api/forgotPass', { phoneNumber: phone() }, spoof())).status).toBe(
        200,
      );
      expect((await post(s, '/api/forgotPass', { phoneNumber: phone() }, spoof())).status).toBe(
        200,
      );
      expect((await post(s, '/api/forgotPass', { phoneNumber: phone() }, spoof())).status).toBe(
        429,
      );
    }));

  it('a reset code cannot be guessed: five wrong tries burn it, the right one then fails', () =>
    withServer({}, async (s) => {
      const a = await signUp(s);
      await post(s, '/trpc/auth.requestPasswordReset', { phone: a.phone });
      const [sms] = await s.app.deps.store.listSms({ to: `+91${a.phone}` });
      const code = /\b(\d{6})\b/.exec(sms?.body ?? '')?.[1] ?? '';
      expect(code).toMatch(/^\d{6}$/);
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i++) {
        const r = await post(s, '/trpc/auth.resetPassword', {
          phone: a.phone,
          code: wrong,
          newPassword: 'another long phrase 7',
        });
        expect(r.status).toBe(400);
      }
      const late = await post(s, '/trpc/auth.resetPassword', {
        phone: a.phone,
        code,
        newPassword: 'another long phrase 7',
      });
      expect(late.status).toBe(400);
      // The old password still works: nothing was reset.
      expect(
        (await post(s, '/trpc/auth.logIn', { phone: a.phone, password: PASSWORD })).status,
      ).toBe(200);
    }));
});
