import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiDeps } from '@quickpay/api';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createDeps } from '../src/deps.ts';
import { parseEnv } from '../src/env.ts';
import { Clock } from './helpers.ts';

/**
 * The old static front end in a real browser: a page served from one origin calls the
 * legacy /api/* on another port with fetch(..., {credentials: 'include'}), so Chromium
 * enforces what Node fetch does not: CORS on answers and preflights, which cookies it
 * keeps from a cross-origin answer and which it sends back (SameSite, httpOnly).
 */

const FIXTURE = readFileSync(new URL('./legacy-fixture/index.html', import.meta.url), 'utf8');
const PASSWORD = 'correct horse 42';
const MINUTE = 60_000;

interface Reply {
  status: number;
  body: unknown;
  fetchError?: string;
}
type Helper = (...args: unknown[]) => Promise<Reply>;
type LegacyPage = { legacy: Record<string, Helper> };

/** What the API server saw of each request: the browser's own headers. */
interface Seen {
  method: string;
  url: string;
  origin: string | undefined;
  cookies: string[];
  preflightFor: string | undefined;
}

interface ApiServer {
  app: FastifyInstance;
  deps: ApiDeps;
  clock: Clock;
  port: number;
  close(): Promise<void>;
}

let api: ApiServer;
let staticServer: Server;
let staticPort = 0;
let browser: Browser;
const seen: Seen[] = [];

/** The real app (createDeps + buildApp, as server.ts builds it) on a temp SQLite, with a clock. */
async function startApi(env: Record<string, string> = {}, host = '127.0.0.1'): Promise<ApiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'quickpay-legacy-browser-'));
  const config = parseEnv(
    { NODE_ENV: 'development', LOG_LEVEL: 'silent', DATA_DIR: dir, ...env },
    dir,
  );
  const clock = new Clock();
  const deps = await createDeps(config, () => {}, clock.now);
  const app = await buildApp({ config, deps, logger: false, webRoot: '/nonexistent-web-root' });
  await app.listen({ port: 0, host });
  // Raw requests, preflights included (CORS answers those before any route hook runs).
  app.server.prependListener('request', (req: IncomingMessage) => {
    const preflight = req.headers['access-control-request-method'];
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      origin: req.headers.origin,
      cookies: (req.headers.cookie ?? '')
        .split(';')
        .map((c) => c.trim().split('=')[0] ?? '')
        .filter((c) => c !== ''),
      preflightFor: typeof preflight === 'string' ? preflight : undefined,
    });
  });
  const port = (app.server.address() as AddressInfo).port;
  const close = async () => {
    await app.close();
    await deps.store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { app, deps, clock, port, close };
}

beforeAll(async () => {
  api = await startApi();
  staticServer = createServer((req, res) => {
    if (req.url?.startsWith('/index.html')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(FIXTURE);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((ok) => staticServer.listen(0, '127.0.0.1', ok));
  staticPort = (staticServer.address() as AddressInfo).port;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => staticServer?.close(ok));
  await api?.close();
});

/**
 * One browser profile (its own cookie jar) with the legacy page open. Console errors are
 * collected; the only ones allowed are Chromium's line for each refusal a test asks for.
 */
class LegacyTab {
  readonly errors: string[] = [];
  /** Console lines that refusals provoked on purpose (one per refusal). */
  private readonly expected: string[] = [];
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly apiOrigin: string,
  ) {
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(m.text());
    });
    page.on('pageerror', (e) => this.errors.push(`uncaught ${e.message}`));
  }

  static async open(host: string, server = api, pagePort = staticPort): Promise<LegacyTab> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const apiOrigin = `http://${host}:${server.port}`;
    const tab = new LegacyTab(context, page, apiOrigin);
    await page.goto(`http://${host}:${pagePort}/index.html?api=${encodeURIComponent(apiOrigin)}`);
    await page.waitForFunction(() => 'legacy' in globalThis);
    return tab;
  }

  /** Calls one of the page's helpers inside the page, as the old front end's script would. */
  run(name: string, ...args: unknown[]): Promise<Reply> {
    return this.page.evaluate(
      ([n, a]) => (globalThis as unknown as LegacyPage).legacy[n as string]?.(...(a as unknown[])),
      [name, args] as const,
    ) as Promise<Reply>;
  }

  /** Like run, but the answer must have this status (and no fetch error). */
  async ok(status: number, name: string, ...args: unknown[]): Promise<Record<string, unknown>> {
    const r = await this.run(name, ...args);
    expect(r.fetchError, `${name}: fetch failed in the browser`).toBeUndefined();
    expect({ call: name, status: r.status, body: r.body }).toMatchObject({ status });
    return r.body as Record<string, unknown>;
  }

  /** A refusal: this status and the legacy `{error}` body, readable by the page (CORS on errors too). */
  async refused(
    status: number,
    name: string,
    ...args: unknown[]
  ): Promise<Record<string, unknown>> {
    this.expected.push(`Failed to load resource: the server responded with a status of ${status}`);
    const body = await this.ok(status, name, ...args);
    expect(body.error, `${name}: legacy error message`).toEqual(expect.any(String));
    return body;
  }

  /** A call the browser blocks by CORS: the page gets no answer, only a fetch error. */
  async blocked(name: string, ...args: unknown[]): Promise<void> {
    this.expected.push('Access to fetch at', 'Failed to load resource: net::ERR_FAILED');
    const r = await this.run(name, ...args);
    expect(r.fetchError, `${name}: blocked by the browser`).toMatch(/Failed to fetch/);
  }

  /** Console errors other than those refusals provoked (after a round trip, so none is in flight). */
  async unexpectedErrors(): Promise<string[]> {
    await this.page.evaluate(() => 0);
    const left = [...this.errors];
    for (const line of this.expected) {
      const i = left.findIndex((e) => e.startsWith(line));
      if (i < 0) return [...left, `missing console line: ${line}`];
      left.splice(i, 1);
    }
    return left;
  }

  async list(name: string): Promise<Record<string, unknown>[]> {
    const r = await this.run(name);
    expect(r.fetchError).toBeUndefined();
    expect(r.status, name).toBe(200);
    expect(Array.isArray(r.body)).toBe(true);
    return r.body as Record<string, unknown>[];
  }

  /** The session cookies the browser keeps for the API origin. */
  async apiCookies() {
    return (await this.context.cookies(this.apiOrigin)).filter((c) => c.name.startsWith('qp_'));
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

let phoneSeq = 0;
const nextPhone = () => `97${String(30_000_000 + ++phoneSeq).slice(-8)}`;

async function lastSms(phone: string): Promise<string> {
  const messages = await api.deps.store.listSms({ to: `+91${phone}` });
  messages.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return messages[0]?.body ?? '';
}

/** Requests the server saw from this page's origin since `from`, in order. */
const seenSince = (from: number, origin: string) =>
  seen.slice(from).filter((s) => s.origin === origin);

async function signUpAndLogIn(tab: LegacyTab, name: string, phone = nextPhone()) {
  const up = await tab.ok(201, 'signup', name, PASSWORD, '30', 'Female', phone);
  expect(up).toEqual({
    message: `User ${name} created successfully`,
    user_id: expect.any(Number),
    signUp: true,
  });
  const userId = up.user_id as number;
  const login = await tab.ok(200, 'login', name, PASSWORD, String(userId));
  expect(login).toEqual({ message: `Welcome back, ${name}!`, loggedIn: true });
  return { userId, phone };
}

describe.each(['127.0.0.1', 'localhost'])('the legacy front end on %s in Chromium', (host) => {
  it('runs a whole session against the API on another port with credentials: include', async () => {
    const from = seen.length;
    const asha = await LegacyTab.open(host);
    const ravi = await LegacyTab.open(host);
    const pageOrigin = `http://${host}:${staticPort}`;
    try {
      const ashaName = 'Asha Rao';
      const raviName = 'Ravi Kumar';
      const ashaPhone = nextPhone();
      const a = await asha.ok(201, 'signup', ashaName, PASSWORD, 29, 'Female', ashaPhone);
      const r = await ravi.ok(201, 'signup', raviName, PASSWORD, '31', 'Male', nextPhone());
      expect(r.user_id).toBe((a.user_id as number) + 1);

      // The session cookie is set on the API origin, httpOnly and SameSite=Lax.
      const cookies = await asha.apiCookies();
      expect(cookies.map((c) => c.name).sort()).toEqual(['qp_at', 'qp_rt']);
      for (const c of cookies) expect(c).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

      // Log in (again) as the old login page does, then read the profile with the cookie.
      const login = await asha.ok(200, 'login', ashaName, PASSWORD, String(a.user_id));
      expect(login).toEqual({ message: `Welcome back, ${ashaName}!`, loggedIn: true });
      expect(await asha.ok(200, 'profile')).toEqual({
        user_id: a.user_id,
        username: ashaName,
        balance: 0,
        age: 29,
        gender: expect.any(String),
        phoneNumber: Number(ashaPhone),
      });

      const pay = (fields: Record<string, unknown>) =>
        asha.ok(200, 'pay', { password: PASSWORD, ...fields });
      expect(await pay({ transaction_type: 'deposit', amount: '1000.50' })).toEqual({
        message: 'Transaction successful!',
        new_balance: 1000.5,
      });
      expect(await pay({ transaction_type: 'withdraw', amount: 100.1 })).toMatchObject({
        new_balance: 900.4,
      });
      expect(
        await pay({
          transaction_type: 'bank_transfer',
          amount: '250.25',
          recipient_account: String(r.user_id),
          note: 'rent',
        }),
      ).toMatchObject({ new_balance: 650.15 });
      expect(await ravi.ok(200, 'profile')).toMatchObject({ balance: 250.25 });

      const goal = await asha.ok(201, 'createSaving', 'Laptop', '800', '#3366ff', 'new one');
      expect(goal).toMatchObject({
        user_id: a.user_id,
        saving_id: expect.stringMatching(/^sid_[A-Za-z0-9]+$/),
        name: 'Laptop',
        target_amount: 800,
        saved_amount: 0,
        created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      });
      expect(
        await pay({
          transaction_type: 'saving_deposit',
          amount: 150.05,
          saving_id: goal.saving_id,
        }),
      ).toMatchObject({ new_balance: 500.1 });
      expect(await asha.list('savings')).toMatchObject([
        { saving_id: goal.saving_id, saved_amount: 150.05 },
      ]);
      const bareId = String(goal.saving_id).split('_')[1];
      expect(await asha.ok(200, 'deleteSaving', bareId)).toEqual({
        message: 'Deleted. Refunded: 150.05',
      });
      expect(await asha.list('savings')).toEqual([]);

      const added = await asha.ok(201, 'addPerson', 'Ravi', String(r.user_id), 'Friend');
      expect(added).toMatchObject({
        user_id: a.user_id,
        people_id: expect.stringMatching(/^pid_[A-Za-z0-9]+$/),
        name: 'Ravi',
        account_id: r.user_id,
        relation: 'Friend',
        full_account_number: `3594 1899 3455 ${r.user_id}`,
      });
      const [listed] = await asha.list('people');
      const pid = String(listed?.people_id);
      expect(pid).toBe(added.people_id);
      expect(await asha.ok(200, 'updatePerson', pid, 'Ravi K', 'Colleague')).toMatchObject({
        people_id: pid,
        name: 'Ravi K',
        relation: 'Colleague',
      });
      expect(await asha.ok(200, 'deletePerson', pid)).toEqual({ message: 'Deleted' });
      expect(await asha.list('people')).toEqual([]);

      const dash = await asha.ok(200, 'dashboard');
      expect(dash).toMatchObject({
        username: ashaName,
        total_balance: 650.15,
        monthly_income: 1150.55,
        monthly_outcome: -500.4,
        last_4_savings: [],
        last_4_people: [],
        userAccountNumber: String(a.user_id),
      });
      // In time order, oldest first: the old dashboard reverses it to show the newest on top.
      expect(
        (dash.all_transactions as { name: string; amount: number }[]).map((t) => [
          t.name,
          t.amount,
        ]),
      ).toEqual([
        ['Deposit', 1000.5],
        ['Withdrawal', -100.1],
        [`Transfer to ${raviName}`, -250.25],
        ['Deposit to Laptop', -150.05],
        ["Refund from 'Laptop'", 150.05],
      ]);
      expect(await asha.ok(200, 'transactions')).toMatchObject({
        username: ashaName,
        total_balance: 650.15,
        total_savings: 0,
        total_income: 1150.55,
        total_outcome: -500.4,
        transactions: expect.any(Array),
      });

      // Change the password, then log in again with the new one.
      const newPassword = 'my new secret 2026';
      expect(await asha.ok(200, 'changePassword', PASSWORD, newPassword, newPassword)).toEqual({
        message: 'Password updated',
      });
      expect(await asha.ok(200, 'login', ashaName, newPassword, a.user_id)).toMatchObject({
        loggedIn: true,
      });
      expect(await asha.ok(200, 'profile')).toMatchObject({ user_id: a.user_id });
      expect(await asha.refused(401, 'login', ashaName, PASSWORD, a.user_id)).toEqual({
        error: 'Invalid credentials',
        loggedIn: false,
      });

      // Forgot password, from a fresh browser (no session): the temporary password comes by SMS.
      const lost = await LegacyTab.open(host);
      try {
        expect(await lost.ok(200, 'forgotPass', ashaPhone)).toMatchObject({ isSMSSent: true });
        const temp = /@0[A-Za-z0-9]{6}/.exec(await lastSms(ashaPhone))?.[0];
        expect(temp, 'temporary password in the SMS outbox').toBeDefined();
        expect(await lost.ok(200, 'login', ashaName, temp, a.user_id)).toMatchObject({
          loggedIn: true,
        });
        expect(await lost.ok(200, 'profile')).toMatchObject({ balance: 650.15 });
        // The old page then asks for a new password, sending the temporary one as the old.
        const chosen = 'chosen after reset 7';
        expect(await lost.ok(200, 'changePassword', temp, chosen, chosen)).toEqual({
          message: 'Password updated',
        });
        expect(await lost.refused(401, 'login', ashaName, temp, a.user_id)).toMatchObject({
          loggedIn: false,
        });
        expect(await lost.ok(200, 'login', ashaName, chosen, a.user_id)).toMatchObject({
          loggedIn: true,
        });
        expect(await lost.unexpectedErrors()).toEqual([]);
      } finally {
        await lost.close();
      }

      // What the server saw: every call came from the page's origin; every call after
      // sign-up carried the session cookie; JSON writes were preflighted.
      const mine = seenSince(from, pageOrigin);
      const calls = mine.filter((s) => s.method !== 'OPTIONS');
      expect(calls.length).toBeGreaterThan(20);
      for (const c of calls) {
        if (/\/api\/(signup|forgotPass)$/.test(c.url)) continue;
        if (c.url === '/api/login' && !c.cookies.includes('qp_at')) continue; // the fresh tab
        expect(c.cookies, `${c.method} ${c.url} carried the session cookie`).toContain('qp_at');
      }
      // Chromium caches a preflight per URL (Access-Control-Max-Age), so each JSON write's
      // URL was preflighted once, before its first call, and the answer allowed the method.
      for (const c of calls.filter((s) => s.method !== 'GET')) {
        const i = mine.indexOf(c);
        expect(
          mine.slice(0, i).some((s) => s.method === 'OPTIONS' && s.url === c.url),
          `a preflight before ${c.method} ${c.url}`,
        ).toBe(true);
      }
      expect(mine.some((s) => s.method === 'OPTIONS' && s.preflightFor === 'PUT')).toBe(true);
      expect(mine.some((s) => s.method === 'DELETE')).toBe(true);
      expect([...(await asha.unexpectedErrors()), ...(await ravi.unexpectedErrors())]).toEqual([]);
    } finally {
      await asha.close();
      await ravi.close();
    }
  }, 90_000);
});

describe('an expired access token in the legacy front end', () => {
  it('keeps the page logged in through the refresh cookie after 15 minutes', async () => {
    const tab = await LegacyTab.open('127.0.0.1');
    const payee = await LegacyTab.open('127.0.0.1');
    try {
      const me = await signUpAndLogIn(tab, 'Meera Iyer');
      const other = await signUpAndLogIn(payee, 'Kiran Das');
      await tab.ok(200, 'pay', { transaction_type: 'deposit', amount: 500, password: PASSWORD });
      const before = await tab.apiCookies();

      api.clock.advance(16 * MINUTE);
      // A page load fires its reads at once, all with the same (now expired) access token.
      const [profile, dash, goals, people] = await Promise.all([
        tab.run('profile'),
        tab.run('dashboard'),
        tab.run('savings'),
        tab.run('people'),
      ]);
      expect([profile.status, dash.status, goals.status, people.status]).toEqual([
        200, 200, 200, 200,
      ]);
      expect(profile.body).toMatchObject({ user_id: me.userId, balance: 500 });
      // The browser took the renewed cookies.
      const after = await tab.apiCookies();
      const value = (list: typeof before, name: string) => list.find((c) => c.name === name)?.value;
      expect(value(after, 'qp_at')).not.toBe(value(before, 'qp_at'));
      expect(value(after, 'qp_rt')).not.toBe(value(before, 'qp_rt'));

      // Money still moves: the password on every payment is the proof of a recent log-in.
      expect(
        await tab.ok(200, 'pay', {
          transaction_type: 'bank_transfer',
          amount: '20.5',
          recipient_account: other.userId,
          password: PASSWORD,
        }),
      ).toMatchObject({ new_balance: 479.5 });

      // Another quarter hour; this time the browser itself has dropped the expired access
      // cookie (its Max-Age ran out), so only the refresh cookie is left.
      api.clock.advance(16 * MINUTE);
      await tab.context.clearCookies({ name: 'qp_at' });
      const reload = await Promise.all([
        tab.run('dashboard'),
        tab.run('profile'),
        tab.run('savings'),
        tab.run('transactions'),
      ]);
      expect(reload.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(reload[1]?.body).toMatchObject({ balance: 479.5 });
      expect((await tab.apiCookies()).map((c) => c.name).sort()).toEqual(['qp_at', 'qp_rt']);
      // The renewed cookies carry the session on: a later call needs no further renewal.
      expect(await tab.ok(200, 'transactions')).toMatchObject({ total_balance: 479.5 });
      expect([...(await tab.unexpectedErrors()), ...(await payee.unexpectedErrors())]).toEqual([]);
    } finally {
      await tab.close();
      await payee.close();
    }
  }, 90_000);
});

describe('refusals in the legacy front end', () => {
  it('reach the page with their legacy status and message (CORS headers on errors too)', async () => {
    const tab = await LegacyTab.open('127.0.0.1');
    try {
      expect(await tab.refused(401, 'profile')).toEqual({ error: 'User not logged in' });
      expect(await tab.refused(401, 'deletePerson', 'pid_nothing')).toEqual({
        error: 'User not logged in',
      });
      const me = await signUpAndLogIn(tab, 'Nila Shah');
      expect(await tab.refused(400, 'signup', 'Nila Shah', PASSWORD, 30, 'F', '')).toEqual({
        error: 'All fields are required',
        signUp: false,
      });
      expect(
        await tab.refused(403, 'pay', { transaction_type: 'deposit', amount: 5, password: 'nope' }),
      ).toEqual({ error: 'Invalid password' });
      expect(
        await tab.refused(400, 'pay', {
          transaction_type: 'withdraw',
          amount: 5,
          password: PASSWORD,
        }),
      ).toEqual({ error: 'Insufficient funds' });
      expect(
        await tab.refused(400, 'pay', {
          transaction_type: 'bank_transfer',
          amount: '-50',
          recipient_account: me.userId,
          password: PASSWORD,
        }),
      ).toEqual({ error: 'Invalid amount' });
      expect(await tab.refused(404, 'updatePerson', 'pid_nothing', 'X', 'Y')).toEqual({
        error: 'Not found',
      });
      expect(await tab.refused(404, 'deleteSaving', 'nothing')).toEqual({
        error: 'Saving not found',
      });
      expect(await tab.unexpectedErrors()).toEqual([]);
    } finally {
      await tab.close();
    }
  }, 90_000);
});

describe('the legacy front end against a production configuration', () => {
  let prod: ApiServer;
  beforeAll(async () => {
    prod = await startApi({
      NODE_ENV: 'production',
      JWT_SECRET: 'legacy-browser-test-secret-0123456789abcdef',
      CORS_ORIGINS: `http://127.0.0.1:${staticPort}`,
    });
  });
  afterAll(() => prod?.close());

  it('works from the listed origin with Secure cookies on the loopback address', async () => {
    const tab = await LegacyTab.open('127.0.0.1', prod);
    try {
      const me = await signUpAndLogIn(tab, 'Tara Menon');
      for (const c of await tab.apiCookies()) {
        expect(c).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax' });
      }
      expect(await tab.ok(200, 'profile')).toMatchObject({ user_id: me.userId });
      expect(await tab.unexpectedErrors()).toEqual([]);
    } finally {
      await tab.close();
    }
  }, 90_000);

  it('is blocked by the browser from an origin that is not listed', async () => {
    const from = seen.length;
    const tab = await LegacyTab.open('localhost', prod);
    try {
      await tab.blocked('signup', 'Uma Pillai', PASSWORD, 30, 'F', nextPhone());
      await tab.blocked('profile');
      // The JSON POST never left the browser: its preflight was refused.
      const sent = seenSince(from, `http://localhost:${staticPort}`);
      expect(sent.some((s) => s.method === 'OPTIONS' && s.url === '/api/signup')).toBe(true);
      expect(sent.some((s) => s.method === 'POST')).toBe(false);
      expect(await tab.apiCookies()).toEqual([]);
      expect(await tab.unexpectedErrors()).toEqual([]);
    } finally {
      await tab.close();
    }
  }, 90_000);
});
