import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieJarFetch, startServer, type TestServer } from './helpers.ts';

/**
 * Hostile input over real HTTP, to the typed API and to the legacy adapter: oversize
 * and deeply nested bodies, every kind of bad amount, injection-looking strings,
 * objects where strings belong, prototype-pollution keys. Each gets a clear 4xx (or,
 * for harmless text, is stored literally) and changes nothing; no answer is a 500.
 */

const PASSWORD = 'correct horse 42';
const s: TestServer = await startServer({ RATE_SIGNUPS_PER_IP: '1000' });
afterAll(() => s.close());

let seq = 0;
const phone = () => `94${String(10_000_000 + ++seq).slice(-8)}`;
const key = () => randomUUID();

interface Answer {
  status: number;
  text: string;
  json: unknown;
}

const jar = cookieJarFetch();
let token = '';
let accountNumber = 0;
let otherAccount = 0;
let goalId = '';

/** A raw request: `body` is sent as is when it is a string, else as JSON. */
async function send(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await jar.fetch(`${s.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token && path.startsWith('/trpc') ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, text, json };
}

const rpc = (path: string, input: unknown) => send('POST', `/trpc/${path}`, input);
const query = async <T>(path: string, input?: unknown): Promise<T> => {
  const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const r = await send('GET', `/trpc/${path}${qs}`);
  return (r.json as { result: { data: T } }).result.data;
};

/** Everything the caller can see of their money and records. */
async function snapshot() {
  return {
    dashboard: await query<{ balance: number; savingsTotal: number }>('account.dashboard'),
    history: await query('transactions.list', { limit: 100 }),
    goals: await query('savings.list', { includeClosed: true }),
    contacts: await query('contacts.list'),
    profile: await query('profile.get'),
  };
}

beforeAll(async () => {
  const other = await rpc('auth.signUp', {
    fullName: 'Ravi Kumar',
    phone: phone(),
    password: PASSWORD,
  });
  otherAccount = (other.json as { result: { data: { user: { accountNumber: number } } } }).result
    .data.user.accountNumber;
  jar.jar.clear();
  const me = await rpc('auth.signUp', { fullName: 'Asha Rao', phone: phone(), password: PASSWORD });
  const data = (
    me.json as { result: { data: { accessToken: string; user: { accountNumber: number } } } }
  ).result.data;
  token = data.accessToken;
  accountNumber = data.user.accountNumber;
  await rpc('payments.deposit', { amount: 100_000, idempotencyKey: key() });
  const goal = await rpc('savings.create', { name: 'Bike', targetAmount: 50_000 });
  goalId = (goal.json as { result: { data: { id: string } } }).result.data.id;
  await rpc('savings.deposit', { goalId, amount: 1_000, idempotencyKey: key() });
});

describe('bodies', { timeout: 30_000 }, () => {
  it('a body over the limit is 413 on the typed API and on the legacy adapter, and changes nothing', async () => {
    const before = await snapshot();
    const big = 'x'.repeat(200 * 1024);
    const typed = await rpc('payments.deposit', { amount: 100, note: big, idempotencyKey: key() });
    const legacy = await send('POST', '/api/process-payment', {
      transaction_type: 'deposit',
      amount: 1,
      password: PASSWORD,
      note: big,
    });
    expect(typed.status).toBe(413);
    expect(legacy.status).toBe(413);
    expect(await snapshot()).toEqual(before);
  });

  it('deeply nested JSON is a 4xx, not a crash', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const deepObj = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    for (const nested of [deep, deepObj]) {
      const typed = await send(
        'POST',
        '/trpc/payments.deposit',
        `{"amount":${nested},"idempotencyKey":"${key()}"}`,
      );
      const legacy = await send(
        'POST',
        '/api/process-payment',
        `{"transaction_type":"deposit","amount":${nested}}`,
      );
      const signup = await send('POST', '/api/signup', `{"username":${nested}}`);
      for (const r of [typed, legacy, signup]) {
        expect(r.status).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
      }
    }
    expect((await send('GET', '/healthz')).status).toBe(200);
  });

  it('a thousand-key object and a huge array are refused without harm', async () => {
    const wide = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i]));
    const r1 = await rpc('profile.update', wide);
    const r2 = await rpc('payments.deposit', {
      amount: Array(5000).fill(1),
      idempotencyKey: key(),
    });
    const r3 = await send('POST', '/api/people', { contactName: Array(5000).fill('x') });
    expect(r1.status).toBe(400);
    expect(r2.status).toBe(400);
    expect(r3.status).toBe(400);
  });

  it('malformed JSON, non-JSON media types and an empty body are 4xx', async () => {
    for (const path of ['/trpc/payments.deposit', '/api/process-payment', '/api/signup']) {
      const broken = await send('POST', path, '{"amount": 1,');
      const nan = await send('POST', path, '{"amount": NaN, "transaction_type":"deposit"}');
      const xml = await send('POST', path, '<a/>', { 'content-type': 'application/xml' });
      const form = await send('POST', path, 'amount=1', {
        'content-type': 'application/x-www-form-urlencoded',
      });
      for (const r of [broken, nan, xml, form]) {
        expect(r.status, `${path} ${r.text}`).toBeGreaterThanOrEqual(400);
        expect(r.status, `${path} ${r.text}`).toBeLessThan(500);
      }
    }
  });
});

describe('amounts', { timeout: 30_000 }, () => {
  const BAD_TYPED: unknown[] = [
    -1,
    0,
    -0,
    0.5,
    100.25,
    1e308,
    -1e308,
    2 ** 53,
    Number.MAX_SAFE_INTEGER,
    1e-7,
    '1e2',
    '100',
    '',
    null,
    true,
    [],
    [100],
    {},
    { $gt: 0 },
  ];

  it('every bad amount to payments.deposit/withdraw/transfer and savings.* is 400 and moves nothing', async () => {
    const before = await snapshot();
    for (const amount of BAD_TYPED) {
      const calls: [string, unknown][] = [
        ['payments.deposit', { amount, idempotencyKey: key() }],
        ['payments.withdraw', { amount, idempotencyKey: key() }],
        ['payments.transfer', { amount, toAccountNumber: otherAccount, idempotencyKey: key() }],
        ['savings.deposit', { goalId, amount, idempotencyKey: key() }],
        ['savings.withdraw', { goalId, amount, idempotencyKey: key() }],
        ['savings.create', { name: 'Bad', targetAmount: amount }],
      ];
      for (const [path, input] of calls) {
        const r = await rpc(path, input);
        expect(r.status, `${path} ${JSON.stringify(amount)}`).toBe(400);
      }
    }
    // Raw non-JSON numbers (NaN, Infinity) never parse.
    for (const raw of ['NaN', 'Infinity', '-Infinity', '0x10', '1_000']) {
      const r = await send(
        'POST',
        '/trpc/payments.deposit',
        `{"amount":${raw},"idempotencyKey":"${key()}"}`,
      );
      expect(r.status, raw).toBe(400);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('every bad legacy amount is 400 "Invalid amount" and moves nothing', async () => {
    const before = await snapshot();
    const bad: unknown[] = [
      -1,
      '-1',
      0,
      '0.00',
      0.001,
      '0.001',
      '1e2',
      1e308,
      '1e308',
      'NaN',
      'Infinity',
      '12abc',
      ' ',
      '1,000',
      '+5',
      '0x10',
      true,
      [5],
      { $gt: 0 },
      { toString: 5 },
      99_999_999_999_999,
    ];
    for (const amount of bad) {
      for (const transaction_type of ['deposit', 'withdraw', 'bank_transfer', 'saving_deposit']) {
        const r = await send('POST', '/api/process-payment', {
          transaction_type,
          amount,
          password: PASSWORD,
          recipient_account: otherAccount,
          saving_id: `sid_${goalId}`,
        });
        expect(r.status, `${transaction_type} ${JSON.stringify(amount)}`).toBe(400);
        expect(r.json, `${transaction_type} ${JSON.stringify(amount)}`).toEqual({
          error: 'Invalid amount',
        });
      }
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('strings and objects in text fields', { timeout: 30_000 }, () => {
  const HOSTILE = [
    "'; DROP TABLE users; --",
    '" OR "1"="1',
    "Robert'); DELETE FROM transfers;--",
    '%',
    '_',
    '\\',
    '{"$gt":""}',
    '$where',
    'Ａｓｈａ 🐱 नमस्ते مرحبا',
  ];

  it('hostile text in notes, goal names, nicknames and profile names is stored literally', async () => {
    for (const text of HOSTILE) {
      const dep = await rpc('payments.deposit', { amount: 1, note: text, idempotencyKey: key() });
      expect(dep.status, text).toBe(200);
      const id = (dep.json as { result: { data: { transfer: { id: string } } } }).result.data
        .transfer.id;
      const got = await query<{ note: string }>('transactions.get', { id });
      expect(got.note).toBe(text.trim());
      const found = await query<{ items: { id: string }[] }>('transactions.list', { q: text });
      expect(found.items.map((i) => i.id)).toContain(id);

      const goal = await rpc('savings.create', {
        name: text,
        targetAmount: 100,
        description: text,
      });
      expect(goal.status, text).toBe(200);
      expect((goal.json as { result: { data: { name: string } } }).result.data.name).toBe(text);
    }
    // The store still answers and the money adds up.
    const d = await query<{ balance: number }>('account.dashboard');
    expect(d.balance).toBe(100_000 - 1_000 + HOSTILE.length);
    expect((await s.app.deps.store.verifyLedger()).ok).toBe(true);
  });

  it('markup in text other people see is refused with 400 and changes nothing', async () => {
    const before = await snapshot();
    const markup = '<script>alert(1)</script>';
    const calls: [string, unknown][] = [
      ['payments.deposit', { amount: 1, note: markup, idempotencyKey: key() }],
      ['savings.create', { name: markup, targetAmount: 100 }],
      ['savings.create', { name: 'Car', targetAmount: 100, description: markup }],
      ['profile.update', { fullName: markup }],
    ];
    for (const [path, input] of calls) {
      const r = await rpc(path, input);
      expect(r.status, path).toBe(400);
      expect(JSON.stringify(r.json), path).toMatch(/may not contain < >/);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a search for % or _ matches only literal % or _, not everything', async () => {
    const all = await query<{ items: unknown[] }>('transactions.list', { limit: 100 });
    const pct = await query<{ items: { note: string }[] }>('transactions.list', {
      q: '%',
      limit: 100,
    });
    const under = await query<{ items: { note: string }[] }>('transactions.list', {
      q: '_',
      limit: 100,
    });
    expect(pct.items.length).toBeLessThan(all.items.length);
    expect(pct.items.every((i) => i.note.includes('%'))).toBe(true);
    expect(under.items.every((i) => i.note.includes('_'))).toBe(true);
  });

  it('objects, arrays, numbers and booleans where a string belongs are 400 and change nothing', async () => {
    const before = await snapshot();
    const wrong: unknown[] = [{ $gt: '' }, { $ne: null }, ['x'], 42, true, null];
    for (const v of wrong) {
      const calls: [string, unknown][] = [
        ['profile.update', { fullName: v }],
        ['payments.deposit', { amount: 1, note: v, idempotencyKey: key() }],
        ['payments.deposit', { amount: 1, idempotencyKey: v }],
        ['savings.create', { name: v, targetAmount: 100 }],
        ['savings.update', { goalId: v, name: 'x' }],
        ['contacts.add', { accountNumber: otherAccount, nickname: v }],
        ['contacts.remove', { contactId: v }],
        ['auth.revokeSession', { sessionId: v }],
        ['auth.confirmPassword', { password: v }],
        ['auth.logIn', { phone: v, password: PASSWORD }],
        ['auth.logIn', { accountNumber: accountNumber, password: v }],
        ['auth.requestPasswordReset', { phone: v }],
      ];
      for (const [path, input] of calls) {
        const r = await rpc(path, input);
        expect(r.status, `${path} ${JSON.stringify(input)}`).toBe(400);
      }
      const gets: [string, unknown][] = [
        ['transactions.get', { id: v }],
        ['transactions.list', { q: v }],
        ['transactions.list', { cursor: v }],
        // A number is a valid account number; its string form is not.
        ['contacts.lookup', { accountNumber: typeof v === 'number' ? String(v) : v }],
      ];
      for (const [path, input] of gets) {
        const r = await send(
          'GET',
          `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
        );
        expect(r.status, `${path} ${JSON.stringify(input)}`).toBe(400);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('legacy fields given objects (query operators) are 4xx and never match anything', async () => {
    const before = await snapshot();
    const op = { $gt: '' };
    const login = await send('POST', '/api/login', {
      user_id: { $gt: 0 },
      username: op,
      password: op,
    });
    expect(login.status).toBe(400);
    const login2 = await send('POST', '/api/login', {
      user_id: accountNumber,
      username: op,
      password: op,
    });
    // Difference 8: a wrong JSON type is a 400 here too, not the 401 of a wrong password.
    expect(login2.status).toBe(400);
    const forgot = await send('POST', '/api/forgotPass', { phoneNumber: { $ne: null } });
    expect(forgot.json).toEqual({ error: 'Invalid phone number', isSMSSent: false });
    const calls: [string, string, unknown][] = [
      ['POST', '/api/process-payment', { transaction_type: op, amount: 1, password: PASSWORD }],
      ['POST', '/api/process-payment', { transaction_type: 'deposit', amount: 1, password: op }],
      [
        'POST',
        '/api/process-payment',
        { transaction_type: 'bank_transfer', amount: 1, password: PASSWORD, recipient_account: op },
      ],
      [
        'POST',
        '/api/process-payment',
        { transaction_type: 'saving_deposit', amount: 1, password: PASSWORD, saving_id: op },
      ],
      ['POST', '/api/savings', { itemName: op, targetAmount: 10 }],
      ['POST', '/api/savingsDelete', { savingsId: op }],
      ['POST', '/api/people', { contactName: op, contactAccount: otherAccount }],
      ['POST', '/api/people', { contactName: 'x', contactAccount: op }],
      ['PUT', '/api/people/pid_abc', { contactName: op }],
      [
        'POST',
        '/api/change-password',
        { oldPassword: op, newPassword: op, confirmNewPassword: op },
      ],
    ];
    for (const [method, path, body] of calls) {
      const r = await send(method, path, body);
      expect(r.status, `${path} ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(400);
      expect(r.status, `${path} ${JSON.stringify(body)}`).toBeLessThan(500);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('very long names and notes are 400 on both APIs; control characters in names are 400', async () => {
    const long = 'A'.repeat(10_000);
    expect((await rpc('profile.update', { fullName: long })).status).toBe(400);
    expect((await rpc('profile.update', { fullName: 'Asha\u0000Rao' })).status).toBe(400);
    expect((await rpc('profile.update', { fullName: 'Asha\nRao' })).status).toBe(400);
    expect(
      (await rpc('payments.deposit', { amount: 1, note: long, idempotencyKey: key() })).status,
    ).toBe(400);
    expect((await rpc('savings.create', { name: long, targetAmount: 1 })).status).toBe(400);
    expect(
      (await rpc('contacts.add', { accountNumber: otherAccount, nickname: long })).status,
    ).toBe(400);
    const signup = await send('POST', '/api/signup', {
      username: long,
      password: PASSWORD,
      age: 30,
      gender: 'Female',
      phoneNumber: phone(),
    });
    expect(signup.status).toBe(400);
  });
});

describe('prototype pollution', { timeout: 30_000 }, () => {
  it('__proto__ and constructor keys are refused and pollute nothing (the server runs in this process)', async () => {
    const before = await snapshot();
    const bodies = [
      '{"__proto__":{"polluted":"yes"},"fullName":"Evil"}',
      '{"constructor":{"prototype":{"polluted":"yes"}},"fullName":"Evil"}',
      '{"fullName":"Evil","__proto__":{"isAdmin":true}}',
    ];
    for (const body of bodies) {
      expect((await send('POST', '/trpc/profile.update', body)).status).toBe(400);
      const legacy = await send(
        'POST',
        '/api/savings',
        body.replace('"fullName":"Evil"', '"itemName":"Evil","targetAmount":1'),
      );
      expect(legacy.status).toBeGreaterThanOrEqual(400);
      expect(legacy.status).toBeLessThan(500);
      const pay = await send(
        'POST',
        '/api/process-payment',
        body.replace('"fullName":"Evil"', '"transaction_type":"deposit","amount":1,"password":"x"'),
      );
      expect(pay.status).toBeGreaterThanOrEqual(400);
      expect(pay.status).toBeLessThan(500);
    }
    const probe: Record<string, unknown> = {};
    expect(probe.polluted).toBeUndefined();
    expect(probe.isAdmin).toBeUndefined();
    expect(await snapshot()).toEqual(before);
  });
});

describe('errors never leak internals', { timeout: 30_000 }, () => {
  const LEAKS =
    /sqlite|SQLITE_|SELECT |INSERT |UPDATE |\/work\/|node_modules|\.ts:\d|at [\w.<>]+ \(|stack/i;

  it('4xx bodies carry no stack, path or SQL', async () => {
    const answers = [
      await send('GET', '/trpc/transactions.list?input=%7B%22cursor%22%3A%22%25%25%25%22%7D'),
      await send(
        'GET',
        '/trpc/transactions.list?input=%7B%22cursor%22%3A%22AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%22%7D',
      ),
      await send('GET', '/trpc/transactions.get?input=%7B%22id%22%3A%22%27%20OR%201%3D1%22%7D'),
      await send('GET', '/trpc/nope.nothing'),
      await send('POST', '/trpc/payments.deposit', '{'),
      await send('POST', '/api/login', '{'),
      await send('GET', '/api/../../../etc/passwd'),
      await send('DELETE', '/api/people/%00%2e%2e'),
    ];
    for (const r of answers) {
      expect(r.status, r.text).toBeGreaterThanOrEqual(400);
      expect(r.status, r.text).toBeLessThan(500);
      expect(r.text).not.toMatch(LEAKS);
    }
  });

  it('with the store closed, 500 bodies are generic on the typed API, the legacy adapter and /readyz', async () => {
    const t = await startServer();
    try {
      const su = await fetch(`${t.url}/trpc/auth.signUp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fullName: 'Asha Rao', phone: phone(), password: PASSWORD }),
      });
      const { accessToken } = ((await su.json()) as { result: { data: { accessToken: string } } })
        .result.data;
      await t.app.deps.store.close();
      const auth = { authorization: `Bearer ${accessToken}` };
      const answers = [
        await fetch(`${t.url}/trpc/account.dashboard`, { headers: auth }),
        await fetch(`${t.url}/trpc/auth.logIn`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ accountNumber: 1000, password: PASSWORD }),
        }),
        await fetch(`${t.url}/api/profile-data`, { headers: { cookie: `qp_at=${accessToken}` } }),
        await fetch(`${t.url}/readyz`),
      ];
      for (const res of answers) {
        const text = await res.text();
        expect(res.status, text).toBeGreaterThanOrEqual(500);
        expect(text).not.toMatch(LEAKS);
        expect(text).not.toMatch(/closed|database|connection/i);
      }
    } finally {
      await t.close().catch(() => {});
    }
  });
});

describe('the web app files', { timeout: 30_000 }, () => {
  /** A raw GET, so the path reaches the server exactly as written (fetch would normalise it). */
  const rawGet = (url: string, path: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(url).port), '127.0.0.1', () =>
        socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`),
      );
      let text = '';
      socket.on('data', (d) => {
        text += String(d);
      });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });

  it('no path escapes the web root', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quickpay-web-'));
    const root = join(dir, 'dist');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'TOP-SECRET-OUTSIDE-ROOT');
    const t = await startServer({}, root);
    try {
      expect(await rawGet(t.url, '/assets/app.js')).toContain('console.log(1)');
      for (const path of [
        '/../secret.txt',
        '/..%2fsecret.txt',
        '/%2e%2e/secret.txt',
        '/%2e%2e%2fsecret.txt',
        '/assets/../../secret.txt',
        '/assets/..%2f..%2fsecret.txt',
        '/..%5csecret.txt',
        '/assets/%2e%2e%5c%2e%2e%5csecret.txt',
        '/secret.txt%00.js',
        '//secret.txt',
      ]) {
        const answer = await rawGet(t.url, path);
        expect(answer, path).not.toContain('TOP-SECRET');
        expect(answer.split('\r\n')[0], path).toMatch(/^HTTP\/1\.1 (200|301|302|400|403|404)/);
      }
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
