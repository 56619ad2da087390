import { randomUUID } from 'node:crypto';
import {
  createQuickpayClient,
  isTRPCClientError,
  type QuickpayClient,
  type RouterOutputs,
} from '@quickpay/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cookieJarFetch, startServer, type TestServer } from './helpers.ts';

/**
 * The whole stack over real HTTP: Fastify on port 0, the tRPC plugin, the API on a
 * temp-file SQLite store, called through packages/client as the web app calls it.
 */

type Auth = RouterOutputs['auth']['signUp'];

const s: TestServer = await startServer();
afterAll(() => s.close());

let phoneSeq = 0;
const phone = () => `97${String(10_000_000 + ++phoneSeq).slice(-8)}`;
const PASSWORD = 'correct horse 42';
const key = () => randomUUID();

function cookieClient() {
  const { fetch, jar } = cookieJarFetch();
  return { api: createQuickpayClient({ url: s.url, fetch }), jar };
}

function bearerClient(token: () => string | null) {
  // No cookie jar: only the Authorization header carries the caller.
  return createQuickpayClient({ url: `${s.url}/trpc`, getToken: token });
}

/** The tRPC error of a rejected call: HTTP status, tRPC code, domain code, message. */
async function refusal(call: Promise<unknown>) {
  try {
    await call;
  } catch (e) {
    if (!isTRPCClientError(e)) throw e;
    const data = e.data as { httpStatus: number; code: string; domainCode: string | null };
    return {
      status: data.httpStatus,
      code: data.code,
      domainCode: data.domainCode,
      message: e.message,
    };
  }
  throw new Error('the call succeeded');
}

/** A raw GET of a query with a bearer token, for tokens the typed client would not make. */
const rawDashboard = (token: string) =>
  fetch(`${s.url}/trpc/account.dashboard`, { headers: { authorization: `Bearer ${token}` } });

describe('a customer journey over HTTP with cookies and with a bearer token', () => {
  const asha = cookieClient();
  let ravi: Auth;
  let raviToken: string | null = null;
  const raviApi = bearerClient(() => raviToken);
  const ashaPhone = phone();
  const raviPhone = phone();

  it('signs up with cookies: the answer carries the user and both cookies are set', async () => {
    const res = await asha.api.auth.signUp.mutate({
      fullName: 'Asha Rao',
      phone: ashaPhone,
      password: PASSWORD,
    });
    expect(res.user).toMatchObject({ fullName: 'Asha Rao', accountNumber: expect.any(Number) });
    expect(res.user.accountNumber).toBeGreaterThanOrEqual(1000);
    expect([...asha.jar.keys()].sort()).toEqual(['qp_at', 'qp_rt']);
  });

  it('signs up and logs in with a bearer token only (no cookies kept)', async () => {
    ravi = await bearerClient(() => null).auth.signUp.mutate({
      fullName: 'Ravi Kumar',
      phone: raviPhone,
      password: PASSWORD,
    });
    const login = await bearerClient(() => null).auth.logIn.mutate({
      accountNumber: ravi.user.accountNumber,
      password: PASSWORD,
    });
    expect(login.user.id).toBe(ravi.user.id);
    raviToken = login.accessToken;
    const profile = await raviApi.account.dashboard.query();
    expect(profile.balance).toBe(0);
  });

  it('logs in by phone with cookies', async () => {
    const fresh = cookieClient();
    const res = await fresh.api.auth.logIn.mutate({ phone: ashaPhone, password: PASSWORD });
    expect(res.user.fullName).toBe('Asha Rao');
    expect(fresh.jar.has('qp_at')).toBe(true);
  });

  it('deposits with cookies and returns the new balance; a replayed key moves nothing', async () => {
    const k = key();
    const first = await asha.api.payments.deposit.mutate({ amount: 50_000, idempotencyKey: k });
    expect(first.balance).toBe(50_000);
    expect(first.transfer).toMatchObject({ kind: 'deposit', amount: 50_000 });
    const again = await asha.api.payments.deposit.mutate({ amount: 50_000, idempotencyKey: k });
    expect(again.transfer.id).toBe(first.transfer.id);
    expect(again.balance).toBe(50_000);
  });

  it('transfers to a second user, who sees it on the dashboard with a bearer token', async () => {
    const sent = await asha.api.payments.transfer.mutate({
      toAccountNumber: ravi.user.accountNumber,
      amount: 12_000,
      note: 'rent share',
      idempotencyKey: key(),
    });
    expect(sent.balance).toBe(38_000);
    expect(sent.transfer.amount).toBe(-12_000);

    const board = await raviApi.account.dashboard.query();
    expect(board.balance).toBe(12_000);
    expect(board.monthIncome).toBe(12_000);
    expect(board.recent[0]).toMatchObject({ kind: 'transfer', amount: 12_000 });

    const mine = await asha.api.account.dashboard.query();
    expect(mine).toMatchObject({ balance: 38_000, currency: 'INR', monthExpense: -12_000 });
    expect(mine.months).toHaveLength(12);
  });

  it('pages through the whole history newest first without gaps or repeats', async () => {
    for (let i = 1; i <= 5; i++) {
      await asha.api.payments.deposit.mutate({
        amount: i * 100,
        note: `top-up ${i}`,
        idempotencyKey: key(),
      });
    }
    const seen: RouterOutputs['transactions']['list']['items'] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await asha.api.transactions.list.query({
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor !== undefined && pages < 10);
    // 1 deposit + 1 transfer + 5 deposits, newest first.
    expect(seen.map((t) => t.amount)).toEqual([500, 400, 300, 200, 100, -12_000, 50_000]);
    expect(new Set(seen.map((t) => t.id)).size).toBe(7);
    expect(pages).toBe(3);
  });

  it('renews the session from the refresh cookie; the rotated refresh token is then refused', async () => {
    const oldRefresh = asha.jar.get('qp_rt');
    const renewed = await asha.api.auth.refresh.mutate({});
    // A cookie client gets the rotated token only as the httpOnly cookie.
    expect(renewed.refreshToken).toBeUndefined();
    expect(asha.jar.get('qp_rt')).not.toBe(oldRefresh);
    expect((await asha.api.account.dashboard.query()).balance).toBe(39_500);

    // Reuse of the rotated token (a thief's copy) ends the family: 401 and the cookie session is gone too.
    const reuse = await refusal(
      bearerClient(() => null).auth.refresh.mutate({ refreshToken: String(oldRefresh) }),
    );
    expect(reuse.status).toBe(401);
    expect(await refusal(asha.api.auth.refresh.mutate({}))).toMatchObject({ status: 401 });
    await asha.api.auth.logIn.mutate({ phone: ashaPhone, password: PASSWORD });
  });

  it('logs out: the cookies are cleared and the old session stops working', async () => {
    const before = asha.jar.get('qp_at');
    await asha.api.auth.logOut.mutate();
    expect(asha.jar.has('qp_at')).toBe(false);
    expect(await refusal(asha.api.account.dashboard.query())).toMatchObject({ status: 401 });
    if (before === undefined) throw new Error('no access cookie');
    expect((await rawDashboard(before)).status).toBe(401);
  });
});

describe('tokens the server refuses', () => {
  let good: string;
  beforeAll(async () => {
    const res = await bearerClient(() => null).auth.signUp.mutate({
      fullName: 'Meera Iyer',
      phone: phone(),
      password: PASSWORD,
    });
    good = res.accessToken;
  });

  it('accepts the genuine token (so the refusals below are about the token)', async () => {
    expect((await rawDashboard(good)).status).toBe(200);
  });

  it('refuses a token whose payload was altered', async () => {
    const [header, payload, signature] = good.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const forged = Buffer.from(JSON.stringify({ ...claims, auth_time: 9_999_999_999 })).toString(
      'base64url',
    );
    const res = await rawDashboard(`${header}.${forged}.${signature}`);
    expect(res.status).toBe(401);
  });

  it('refuses a token whose signature was altered', async () => {
    const last = good.at(-2) === 'A' ? 'B' : 'A';
    const res = await rawDashboard(`${good.slice(0, -2)}${last}${good.at(-1)}`);
    expect(res.status).toBe(401);
  });

  it('refuses an alg:none token carrying genuine claims', async () => {
    const payload = good.split('.')[1];
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect((await rawDashboard(`${header}.${payload}.`)).status).toBe(401);
    expect((await rawDashboard(`${header}.${payload}`)).status).toBe(401);
  });

  it('refuses a garbage Authorization header with 401, not 500', async () => {
    expect((await rawDashboard('not-a-jwt')).status).toBe(401);
  });

  it('refuses the token once it has expired (15 minutes on the injected clock)', async () => {
    s.clock.advance(16 * 60_000);
    const res = await rawDashboard(good);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { data: { code: string } } };
    expect(body.error.data.code).toBe('UNAUTHORIZED');
  });
});

describe('refusals change nothing', () => {
  let api: QuickpayClient;
  let token: string | null = null;
  beforeAll(async () => {
    api = bearerClient(() => token);
    const res = await api.auth.signUp.mutate({
      fullName: 'Kiran Das',
      phone: phone(),
      password: PASSWORD,
    });
    token = res.accessToken;
    await api.payments.deposit.mutate({ amount: 1_000, idempotencyKey: key() });
  });
  const balance = async () => (await api.account.dashboard.query()).balance;

  it('answers bad amounts with 400 and a message naming the problem', async () => {
    for (const amount of [-5, 0, 1.5, Number.MAX_SAFE_INTEGER]) {
      const r = await refusal(api.payments.deposit.mutate({ amount, idempotencyKey: key() }));
      expect(r.status, String(amount)).toBe(400);
      expect(r.message.toLowerCase(), String(amount)).toMatch(/amount/);
    }
    expect(await balance()).toBe(1_000);
  });

  it('answers a wrongly typed field with 400 naming the field', async () => {
    const res = await fetch(`${s.url}/trpc/payments.deposit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ amount: '100', idempotencyKey: key() }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    // One readable line per field, not zod's issue list as JSON.
    expect(body.error.message).toMatch(/^amount: Invalid input: expected number, received string$/);
    expect(await balance()).toBe(1_000);
  });

  it('answers malformed JSON with 400', async () => {
    const res = await fetch(`${s.url}/trpc/payments.deposit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{"amount": 100,',
    });
    expect(res.status).toBe(400);
    expect(await balance()).toBe(1_000);
  });

  it('refuses a transfer above the balance or to an unknown account, moving nothing', async () => {
    const over = await refusal(
      api.payments.transfer.mutate({ toAccountNumber: 1000, amount: 5_000, idempotencyKey: key() }),
    );
    expect(over).toMatchObject({ status: 412, domainCode: 'INSUFFICIENT_FUNDS' });
    const nobody = await refusal(
      api.payments.transfer.mutate({
        toAccountNumber: 99_999_999,
        amount: 10,
        idempotencyKey: key(),
      }),
    );
    expect(nobody).toMatchObject({ status: 404, domainCode: 'ACCOUNT_NOT_FOUND' });
    expect(await balance()).toBe(1_000);
  });

  it('refuses a sign-up with an invalid phone number with 400', async () => {
    const r = await refusal(
      bearerClient(() => null).auth.signUp.mutate({
        fullName: 'No Phone',
        phone: '12345',
        password: PASSWORD,
      }),
    );
    expect(r.status).toBe(400);
    expect(r.message.toLowerCase()).toMatch(/mobile number|phone/);
  });

  it('asks for the password again before moving money after 5 minutes (403 REAUTH_REQUIRED)', async () => {
    s.clock.advance(6 * 60_000);
    // The access token has 15 minutes, so this is the step-up rule, not expiry.
    const r = await refusal(api.payments.deposit.mutate({ amount: 10, idempotencyKey: key() }));
    expect(r).toMatchObject({ status: 403, domainCode: 'REAUTH_REQUIRED' });
    expect(await balance()).toBe(1_000);
  });
});

describe('the log', () => {
  it('never holds a password, an access token or a refresh token', async () => {
    const { fetch, jar } = cookieJarFetch();
    const secret = 'Unguessable secret 9731';
    const api = createQuickpayClient({ url: s.url, fetch });
    const res = await api.auth.signUp.mutate({
      fullName: 'Log Test',
      phone: phone(),
      password: secret,
    });
    await api.auth.logIn.mutate({ accountNumber: res.user.accountNumber, password: secret });
    // A failing log-in and a bearer request too.
    await refusal(
      api.auth.logIn.mutate({ accountNumber: res.user.accountNumber, password: `${secret}x` }),
    );
    await rawDashboard(res.accessToken);

    const log = s.logs.join('');
    expect(log).toContain('incoming request'); // the capture works
    // Every request line carries the id the client saw in x-request-id.
    const res2 = await fetch(`${s.url}/healthz`);
    const id = res2.headers.get('x-request-id');
    // 'request completed' is written once the response has gone, so wait for it.
    await vi.waitFor(() => {
      const lines = s.logs.map((l) => JSON.parse(l) as { reqId?: string; msg: string });
      expect(lines.filter((l) => l.reqId === id).map((l) => l.msg)).toEqual([
        'incoming request',
        'request completed',
      ]);
    });
    const secrets = [secret, res.accessToken, res.refreshToken, ...jar.values()];
    for (const value of secrets) expect(log).not.toContain(value);
  });
});
