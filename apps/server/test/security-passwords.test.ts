import { describe, expect, it } from 'vitest';
import { signUp as legacySignUp, startLegacyServer } from '../src/legacy/test-helpers.ts';
import { cookieJarFetch, startServer, type TestServer } from './helpers.ts';

/**
 * Issue 11, items 2 and 3, over real HTTP: every password check (log-in,
 * confirmPassword, changePassword, the legacy payment password) is budgeted per IP
 * and per account whatever its outcome, a batch cannot multiply the budget, a
 * stranger's guesses cannot lock the owner out of a known address, and no answer
 * tells an unknown phone from a wrong password (or which account a phone is).
 */

const PASSWORD = 'correct horse 42';
let seq = 0;
const phone = () => `94${String(10_000_000 + ++seq).slice(-8)}`;

interface Answer {
  status: number;
  json: Record<string, unknown>;
  retryAfter: string | null;
}

async function post(
  s: TestServer,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  f: typeof fetch = fetch,
): Promise<Answer> {
  const res = await f(`${s.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    json: (await res.json()) as Record<string, unknown>,
    retryAfter: res.headers.get('retry-after'),
  };
}

/** One HTTP request carrying one tRPC mutation per input (tRPC's batch format). */
async function batch(s: TestServer, path: string, inputs: unknown[], token?: string) {
  const res = await fetch(`${s.url}/trpc/${inputs.map(() => path).join(',')}?batch=1`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(Object.fromEntries(inputs.map((input, i) => [i, input]))),
  });
  const items = (await res.json()) as { error?: { data: { httpStatus: number } } }[];
  return items.map((x) => x.error?.data.httpStatus ?? 200);
}

const from = (ip: string) => ({ 'x-forwarded-for': ip });
const count = (xs: number[], status: number) => xs.filter((x) => x === status).length;
const domainCode = (a: Answer) =>
  (a.json.error as { data?: { domainCode?: string } } | undefined)?.data?.domainCode;

async function withServer(env: Record<string, string>, run: (s: TestServer) => Promise<void>) {
  const s = await startServer(env);
  try {
    await run(s);
  } finally {
    await s.close();
  }
}

async function signUp(s: TestServer) {
  const p = phone();
  const r = await post(s, '/trpc/auth.signUp', {
    fullName: 'Asha Rao',
    phone: p,
    password: PASSWORD,
  });
  const data = (r.json.result as { data: { accessToken: string; user: { accountNumber: number } } })
    .data;
  return { phone: p, accountNumber: data.user.accountNumber, token: data.accessToken };
}

const logIn = (s: TestServer, body: object, ip?: string) =>
  post(s, '/trpc/auth.logIn', { password: PASSWORD, ...body }, ip ? from(ip) : {});

describe('password checks are budgeted work', { timeout: 120_000 }, () => {
  it('120 successful log-ins in 6 batches of 20: no more than the per-IP budget of 100 run', () =>
    withServer({}, async (s) => {
      const a = await signUp(s);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        // Half by number, half by phone: at most 10 per identifier and address are in flight.
        const inputs = Array.from({ length: 20 }, (_, j) =>
          j % 2 === 0
            ? { accountNumber: a.accountNumber, password: PASSWORD }
            : { phone: a.phone, password: PASSWORD },
        );
        statuses.push(...(await batch(s, 'auth.logIn', inputs)));
      }
      // Every answer but a 429 ran argon2; successes no longer give their unit back.
      expect(statuses.length).toBe(120);
      expect(count(statuses, 200), statuses.join(',')).toBeGreaterThan(0);
      expect(statuses.length - count(statuses, 429), statuses.join(',')).toBeLessThanOrEqual(100);
      expect(
        statuses.slice(-20).every((x) => x === 429),
        statuses.join(','),
      ).toBe(true);
    }));

  it('one account is budgeted across addresses; a batch costs one unit per call', () =>
    withServer({ TRUST_PROXY: '1', RATE_PASSWORD_CHECKS_PER_ACCOUNT: '6' }, async (s) => {
      const a = await signUp(s);
      const fresh: number[] = [];
      for (let i = 1; i <= 9; i++) {
        fresh.push((await logIn(s, { accountNumber: a.accountNumber }, `203.0.113.${i}`)).status);
      }
      expect(fresh).toEqual([200, 200, 200, 200, 200, 200, 429, 429, 429]);
      // A signed-in batch of confirmPassword calls draws on the user's budget call by call.
      const confirms = await batch(
        s,
        'auth.confirmPassword',
        Array.from({ length: 10 }, () => ({ password: PASSWORD })),
        a.token,
      );
      expect(count(confirms, 200), confirms.join(',')).toBe(6);
      expect(count(confirms, 429), confirms.join(',')).toBe(4);
    }));

  it('confirmPassword, changePassword and the legacy payment password all count', () =>
    withServer({ RATE_PASSWORD_CHECKS_PER_IP: '6' }, async (s) => {
      const a = await signUp(s);
      const bearer = { authorization: `Bearer ${a.token}` };
      const NEW = 'brand new secret 7';
      expect(
        (await post(s, '/trpc/auth.confirmPassword', { password: PASSWORD }, bearer)).status,
      ).toBe(200);
      const changed = await post(
        s,
        '/trpc/auth.changePassword',
        { currentPassword: PASSWORD, newPassword: NEW },
        bearer,
      );
      expect(changed.status).toBe(200);
      const browser = cookieJarFetch().fetch;
      const legacyLogIn = await post(
        s,
        '/api/login',
        { user_id: a.accountNumber, username: 'Asha Rao', password: NEW },
        {},
        browser,
      );
      expect(legacyLogIn.status).toBe(200);
      const pay = () =>
        post(
          s,
          '/api/process-payment',
          { amount: 1, password: NEW, transaction_type: 'deposit' },
          {},
          browser,
        );
      const payments = [];
      for (let i = 0; i < 4; i++) payments.push((await pay()).status);
      // Checks 4, 5 and 6 pass; the seventh is over the per-IP budget, right password or not.
      expect(payments).toEqual([200, 200, 200, 429]);
      // Until the 15-minute window ends.
      const over = await pay();
      expect(Number(over.retryAfter)).toBeGreaterThan(0);
      expect(Number(over.retryAfter)).toBeLessThanOrEqual(15 * 60);
      const confirm = await post(s, '/trpc/auth.confirmPassword', { password: NEW }, bearer);
      expect([confirm.status, domainCode(confirm)]).toEqual([429, 'RATE_LIMITED']);
    }));
});

describe('strangers cannot lock the owner out', { timeout: 60_000 }, () => {
  it("a stranger's guesses from other addresses leave the owner's known address working", () =>
    withServer({ TRUST_PROXY: '1', RATE_PASSWORD_CHECKS_PER_ACCOUNT: '15' }, async (s) => {
      const a = await signUp(s);
      const OWNER = '198.51.100.7';
      expect((await logIn(s, { accountNumber: a.accountNumber }, OWNER)).status).toBe(200);
      const guesses: number[] = [];
      for (const stranger of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4']) {
        for (let i = 0; i < 12; i++) {
          const r = await logIn(
            s,
            { accountNumber: a.accountNumber, password: `wrong guess ${i}` },
            stranger,
          );
          guesses.push(r.status);
        }
      }
      // Five answered guesses per address (then pauses), and 15 in all for the account
      // number from unknown addresses, the owner's first log-in included.
      expect(count(guesses, 401), guesses.join(',')).toBe(14);
      expect(count(guesses, 429), guesses.join(',')).toBe(48 - 14);
      // The stranger's address is locked even for the right password ...
      expect((await logIn(s, { accountNumber: a.accountNumber }, '203.0.113.1')).status).toBe(429);
      // ... the owner at their known address is not, again and again.
      for (let i = 0; i < 3; i++) {
        expect((await logIn(s, { accountNumber: a.accountNumber }, OWNER)).status).toBe(200);
      }
      // A new address shares the budget the strangers spent (the documented trade-off).
      expect((await logIn(s, { accountNumber: a.accountNumber }, '192.0.2.50')).status).toBe(429);
    }));

  it('an unknown phone and a wrong password for a known phone get identical answers, limits included', () =>
    withServer({ TRUST_PROXY: '1' }, async (s) => {
      const a = await signUp(s);
      const b = await signUp(s);
      const unknownPhone = phone();
      const run = async (body: object, ip: string) => {
        const out = [];
        for (let i = 0; i < 12; i++) {
          const r = await logIn(s, { ...body, password: `wrong guess ${i}` }, ip);
          out.push({ status: r.status, error: r.json.error });
        }
        return out;
      };
      const known = await run({ phone: a.phone }, '203.0.113.10');
      const unknown = await run({ phone: unknownPhone }, '203.0.113.11');
      expect(unknown).toEqual(known);
      expect(known.map((x) => x.status)).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
      // Phone a is locked at .10; account a's number and account b's answer alike there.
      const byOwnNumber = await logIn(
        s,
        { accountNumber: a.accountNumber, password: 'wrong guess x' },
        '203.0.113.10',
      );
      const byOtherNumber = await logIn(
        s,
        { accountNumber: b.accountNumber, password: 'wrong guess x' },
        '203.0.113.10',
      );
      expect(byOwnNumber).toEqual(byOtherNumber);
      expect(byOwnNumber.status).toBe(401);
    }));
});

describe('growing pauses', () => {
  it('after five failures from one address each wait doubles, and Retry-After says how long', () =>
    withServer({}, async (s) => {
      const a = await signUp(s);
      const guess = () => logIn(s, { accountNumber: a.accountNumber, password: 'wrong guess' });
      for (let i = 0; i < 5; i++) expect((await guess()).status).toBe(401);
      const first = await guess();
      expect([first.status, domainCode(first), first.retryAfter]).toEqual([
        429,
        'RATE_LIMITED',
        '15',
      ]);
      s.clock.advance(15_000);
      expect((await guess()).status).toBe(401);
      expect(await guess()).toMatchObject({ status: 429, retryAfter: '30' });
      // The legacy door reports the same wait.
      const legacy = await post(s, '/api/login', {
        user_id: a.accountNumber,
        username: 'Asha Rao',
        password: 'wrong guess',
      });
      expect(legacy).toMatchObject({ status: 429, retryAfter: '30' });
    }));
});

describe('legacy temporary password', () => {
  it('a log-in with a forgotPass temporary password is a budgeted check too', async () => {
    const s = await startLegacyServer({ RATE_PASSWORD_CHECKS_PER_IP: '3' });
    try {
      const c = s.client();
      const u = await legacySignUp(c, 'Asha Rao');
      expect((await c.post('/api/forgotPass', { phoneNumber: u.phone })).status).toBe(200);
      const [sms] = await s.store.listSms({ to: `+91${u.phone}` });
      const temp = /@0[A-Za-z0-9]{6}/.exec(sms?.body ?? '')?.[0] ?? '';
      const logIn = (password: string) =>
        s.client().post('/api/login', { user_id: u.userId, username: 'Asha Rao', password });
      // The real password is tried first (unit 1), then the temporary one (unit 2).
      expect((await logIn(temp)).status).toBe(200);
      expect((await logIn(PASSWORD)).status).toBe(200);
      expect(await logIn(PASSWORD)).toMatchObject({
        status: 429,
        body: { error: 'Too many requests', loggedIn: false },
      });
    } finally {
      await s.close();
    }
  });
});

describe('legacy /api/login contract', () => {
  it('difference 8: an object where the password belongs is a 400, not a 401', () =>
    withServer({}, async (s) => {
      const a = await signUp(s);
      const r = await post(s, '/api/login', {
        user_id: a.accountNumber,
        username: 'Asha Rao',
        password: { $ne: 'x' },
      });
      expect([r.status, r.json]).toEqual([400, { error: 'Invalid input', loggedIn: false }]);
    }));
});
