import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { call } from '../harness/http.ts';
import { isEvent, openEvents, type SseStream } from '../harness/sse.ts';
import { startServer, type TestServer } from './helpers.ts';

/**
 * events.subscribe over real HTTP (server-sent events) on a real server: delivery,
 * resume after the last id, isolation between users, refusal without a token.
 */

// Sessions re-checked every 200 ms, so the session_ended test does not wait 5 s.
const s: TestServer = await startServer({ EVENTS_SESSION_CHECK_MS: '200' });
const streams: SseStream[] = [];
afterAll(async () => {
  for (const st of streams) st.close();
  await s.close();
});

let phoneSeq = 0;
const phone = () => `96${String(10_000_000 + ++phoneSeq).slice(-8)}`;

interface Member {
  token: string;
  accountNumber: number;
}

async function signUp(fullName: string): Promise<Member> {
  const res = await call<{ accessToken: string; user: { accountNumber: number } }>(
    s.url,
    'auth.signUp',
    { fullName, phone: phone(), password: 'correct horse 42' },
    null,
  );
  if (res.kind !== 'ok') throw new Error(`sign-up failed: ${JSON.stringify(res)}`);
  return { token: res.data.accessToken, accountNumber: res.data.user.accountNumber };
}

async function must<T>(p: Promise<{ kind: string; data?: T }>): Promise<T> {
  const r = await p;
  if (r.kind !== 'ok') throw new Error(`call failed: ${JSON.stringify(r)}`);
  return r.data as T;
}

const pay = (from: Member, to: Member, amount: number) =>
  must(
    call(
      s.url,
      'payments.transfer',
      { toAccountNumber: to.accountNumber, amount, idempotencyKey: randomUUID() },
      from.token,
    ),
  );
const deposit = (m: Member, amount: number) =>
  must(call(s.url, 'payments.deposit', { amount, idempotencyKey: randomUUID() }, m.token));

async function open(m: Member, lastEventId?: string): Promise<SseStream> {
  const st = await openEvents(s.url, {
    token: m.token,
    ...(lastEventId ? { lastEventId } : {}),
  });
  streams.push(st);
  await st.waitFor((f) => f.event === 'connected');
  return st;
}

describe('events.subscribe over HTTP', { timeout: 30_000 }, () => {
  it('A pays B: B sees the transfer (signed, with the new balance) within a second', async () => {
    const a = await signUp('Asha Rao');
    const b = await signUp('Ravi Kumar');
    await deposit(a, 500_00);
    const stream = await open(b);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toContain('text/event-stream');
    const sent = Date.now();
    await pay(a, b, 120_00);
    const frame = await stream.waitFor(isEvent('transfer'), 1_000);
    console.log(`event delivered ${Date.now() - sent} ms after the transfer returned`);
    expect(frame.id).toBe('1');
    expect(JSON.parse(frame.data)).toMatchObject({
      id: '1',
      type: 'transfer',
      balance: 120_00,
      transfer: {
        kind: 'transfer',
        amount: 120_00,
        balanceAfter: 120_00,
        counterparty: { type: 'user', accountNumber: a.accountNumber },
      },
    });
  });

  it('a reconnect with the last id replays exactly the missed events, then goes on live', async () => {
    const a = await signUp('Asha Rao');
    const b = await signUp('Ravi Kumar');
    await deposit(a, 500_00);
    const first = await open(b);
    await pay(a, b, 1_00);
    const seen = await first.waitFor(isEvent('transfer'));
    first.close();
    for (const amount of [2_00, 3_00, 4_00]) await pay(a, b, amount);
    const again = await open(b, seen.id ?? '');
    await again.waitFor(isEvent('transfer', (d) => d.id === '4'));
    await pay(a, b, 5_00);
    await again.waitFor(isEvent('transfer', (d) => d.id === '5'));
    const got = again.events().map((e) => [e.id, (e.data.transfer as { amount: number }).amount]);
    expect(got).toEqual([
      ['2', 2_00],
      ['3', 3_00],
      ['4', 4_00],
      ['5', 5_00],
    ]);
  });

  it("a third user's stream sees none of it; the payer sees its own side", async () => {
    const a = await signUp('Asha Rao');
    const b = await signUp('Ravi Kumar');
    const c = await signUp('Meena Iyer');
    const third = await open(c);
    const payer = await open(a);
    await deposit(a, 100_00);
    await pay(a, b, 10_00);
    await payer.waitFor(isEvent('transfer', (d) => d.id === '2'));
    // c's own deposit is the marker: everything before it on c's stream would be a leak.
    await deposit(c, 1_00);
    await third.waitFor(isEvent('transfer'));
    expect(third.events().map((e) => e.data.balance)).toEqual([1_00]);
    const mine = payer.events().map((e) => (e.data.transfer as { amount: number }).amount);
    expect(mine).toEqual([100_00, -10_00]);
  });

  it('no token (or a bad one) is refused: 401 UNAUTHORIZED, no stream, no events', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const res = await fetch(`${s.url}/trpc/events.subscribe?input=%7B%7D`, {
        headers: {
          accept: 'text/event-stream',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/json');
      const body = (await res.json()) as { error: { data: { code: string } } };
      expect(body.error.data.code).toBe('UNAUTHORIZED');
    }
  });

  it('a money request reaches the payer live, and its payment reaches the requester', async () => {
    const a = await signUp('Asha Rao');
    const b = await signUp('Ravi Kumar');
    await deposit(b, 50_00);
    const payer = await open(b);
    const requester = await open(a);
    const req = await must<{ id: string }>(
      call(
        s.url,
        'requests.create',
        { fromAccountNumber: b.accountNumber, amount: 20_00, idempotencyKey: randomUUID() },
        a.token,
      ),
    );
    const seen = await payer.waitFor(isEvent('request'));
    expect(JSON.parse(seen.data)).toMatchObject({
      request: {
        id: req.id,
        status: 'pending',
        direction: 'incoming',
        requester: { maskedName: 'Asha R.' },
      },
    });
    await must(
      call(s.url, 'requests.pay', { requestId: req.id, idempotencyKey: randomUUID() }, b.token),
    );
    await requester.waitFor(isEvent('transfer', (d) => d.balance === 20_00));
    await requester.waitFor(
      isEvent('request', (d) => (d.request as { status: string }).status === 'paid'),
    );
  });

  it('ending the session elsewhere ends the stream with session_ended and the reason', async () => {
    const a = await signUp('Asha Rao');
    const st = await open(a);
    await must(call(s.url, 'auth.logOut', {}, a.token));
    const ended = await st.waitFor(isEvent('session_ended'));
    expect(JSON.parse(ended.data)).toMatchObject({ type: 'session_ended', reason: 'revoked' });
    await st.ended;
  });
});
