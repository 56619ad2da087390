import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN } from '../src/legacy/test-helpers.ts';
import { cookieJarFetch, startServer, type TestServer } from './helpers.ts';

/**
 * Text that hides what it says (issue 11, item 10), over real HTTP: bidi overrides,
 * zero-width-only names, line separators and lone surrogates in names, nicknames,
 * notes and goal names are a 400 with a clear reason on the typed API and a 400 on
 * the legacy adapter, and nothing is stored.
 */

const PASSWORD = 'correct horse 42';
const s: TestServer = await startServer({ RATE_SIGNUPS_PER_IP: '1000', CORS_ORIGINS: ORIGIN });
afterAll(() => s.close());

let seq = 0;
const phone = () => `93${String(10_000_000 + ++seq).slice(-8)}`;
const jar = cookieJarFetch();
let token = '';
let other = 0;

async function post(path: string, body: string | object, bearer = true) {
  const res = await jar.fetch(`${s.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: ORIGIN,
      ...(bearer && token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const messageOf = (r: { json: Record<string, unknown> }) =>
  String((r.json.error as { message?: string } | undefined)?.message);
const get = async (path: string) =>
  (
    (await (
      await jar.fetch(`${s.url}/trpc/${path}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { result: { data: unknown } }
  ).result.data;

beforeAll(async () => {
  const b = await post('/trpc/auth.signUp', {
    fullName: 'Ravi Kumar',
    phone: phone(),
    password: PASSWORD,
  });
  other = (b.json as { result: { data: { user: { accountNumber: number } } } }).result.data.user
    .accountNumber;
  jar.jar.clear();
  const a = await post('/trpc/auth.signUp', {
    fullName: 'Asha Rao',
    phone: phone(),
    password: PASSWORD,
  });
  token = (a.json as { result: { data: { accessToken: string } } }).result.data.accessToken;
  await post('/trpc/payments.deposit', { amount: 10_000, idempotencyKey: randomUUID() });
});

describe('hidden text over the typed API', () => {
  it('a bidi override in a sign-up name is 400 with the reason, and no account is made', async () => {
    const p = phone();
    const r = await post(
      '/trpc/auth.signUp',
      { fullName: 'Support \u202Ecnab', phone: p, password: PASSWORD },
      false,
    );
    expect(r.status).toBe(400);
    expect(messageOf(r)).toMatch(
      /^fullName: Name may not contain control, invisible or formatting/,
    );
    const login = await post('/trpc/auth.logIn', { phone: p, password: PASSWORD }, false);
    expect(login.status).toBe(401);
  });

  it('zero-width-only nicknames, separators in goal names and notes, lone surrogates: 400, nothing stored', async () => {
    const cases: [string, string, RegExp][] = [
      [
        'contacts.add',
        JSON.stringify({ accountNumber: other, nickname: '\u200B\u200C\u200D' }),
        /nickname: Nickname/,
      ],
      [
        'savings.create',
        JSON.stringify({ name: 'Car\u2028Fund', targetAmount: 100 }),
        /name: Name/,
      ],
      // Raw JSON: a lone surrogate escape survives JSON.parse as a lone UTF-16 unit.
      [
        'savings.create',
        '{"name":"Car \\ud800","targetAmount":100}',
        /name: Name contains an invalid character/,
      ],
      [
        'payments.transfer',
        JSON.stringify({
          toAccountNumber: other,
          amount: 100,
          note: 'rent \u2067x',
          idempotencyKey: randomUUID(),
        }),
        /note: Note may not contain/,
      ],
      ['profile.update', JSON.stringify({ fullName: '\u2800' }), /fullName: Name/],
    ];
    for (const [path, body, reason] of cases) {
      const r = await post(`/trpc/${path}`, body);
      expect([path, r.status]).toEqual([path, 400]);
      expect(messageOf(r)).toMatch(reason);
    }
    expect(await get('contacts.list')).toEqual([]);
    expect(await get('savings.list')).toEqual([]);
    expect((await get('account.dashboard')) as { balance: number }).toMatchObject({
      balance: 10_000,
    });
    expect(await get('profile.get')).toMatchObject({ fullName: 'Asha Rao' });
  });

  it('Indic names with joiners and emoji sequences are kept as written', async () => {
    const name = 'क्\u200Dष family 👨\u200D👩\u200D👧';
    const r = await post('/trpc/savings.create', { name, targetAmount: 100 });
    expect(r.status).toBe(200);
    expect(await get('savings.list')).toMatchObject([{ name }]);
  });
});

describe('hidden text over the legacy adapter', () => {
  it('a sign-up username with a bidi override or only zero-width characters is a 400', async () => {
    for (const username of ['Support \u202Ecnab', '\u200B\u200B']) {
      const r = await post(
        '/api/signup',
        { username, phoneNumber: phone(), password: PASSWORD, age: 30, gender: 'female' },
        false,
      );
      expect([r.status, r.json.signUp]).toEqual([400, false]);
    }
  });
});
