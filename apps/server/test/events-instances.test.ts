import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../harness/free-port.ts';
import { call } from '../harness/http.ts';
import { ServerProcess } from '../harness/server-process.ts';
import { isEvent, openEvents, type SseStream } from '../harness/sse.ts';
import { startServer, type TestServer } from './helpers.ts';

/**
 * Two server processes on one SQLite file (one in this process, one a child started as
 * `pnpm start` starts it): an event committed by either reaches streams held by the
 * other, through the events table (polled, and woken in-process by local writes).
 */

const first: TestServer = await startServer();
const second = new ServerProcess(await freePort(), {
  NODE_ENV: 'test',
  DATA_DIR: first.config.dataDir,
  LOG_LEVEL: 'warn',
});
await second.start();
const streams: SseStream[] = [];
afterAll(async () => {
  for (const st of streams) st.close();
  await second.stop();
  await first.close();
}, 60_000);

let phoneSeq = 0;
const phone = () => `95${String(10_000_000 + ++phoneSeq).slice(-8)}`;

async function must<T>(base: string, procedure: string, input: unknown, token: string | null) {
  const r = await call<T>(base, procedure, input, token);
  if (r.kind !== 'ok') throw new Error(`${procedure} failed: ${JSON.stringify(r)}`);
  return r.data;
}

async function signUp(base: string, fullName: string) {
  const res = await must<{ accessToken: string; user: { accountNumber: number } }>(
    base,
    'auth.signUp',
    { fullName, phone: phone(), password: 'correct horse 42' },
    null,
  );
  return { token: res.accessToken, accountNumber: res.user.accountNumber };
}

describe('events across server instances (SQLite)', () => {
  it('a transfer made on the second process reaches a stream on the first, and back', {
    timeout: 60_000,
  }, async () => {
    const a = await signUp(first.url, 'Asha Rao');
    // Both sign up on the first (its password estimator is warm); tokens work on both.
    const b = await signUp(first.url, 'Ravi Kumar');
    const onFirst = await openEvents(first.url, { token: b.token });
    const onSecond = await openEvents(second.url, { token: a.token });
    streams.push(onFirst, onSecond);
    await onFirst.waitFor((f) => f.event === 'connected');
    await onSecond.waitFor((f) => f.event === 'connected');

    await must(
      second.url,
      'payments.deposit',
      { amount: 90_00, idempotencyKey: randomUUID() },
      a.token,
    );
    await must(
      second.url,
      'payments.transfer',
      { toAccountNumber: b.accountNumber, amount: 30_00, idempotencyKey: randomUUID() },
      a.token,
    );
    const got = await onFirst.waitFor(isEvent('transfer'));
    expect(JSON.parse(got.data)).toMatchObject({ type: 'transfer', balance: 30_00 });

    // The other way: money moved on the first process reaches the stream on the second.
    await must(
      first.url,
      'payments.transfer',
      { toAccountNumber: a.accountNumber, amount: 5_00, idempotencyKey: randomUUID() },
      b.token,
    );
    const back = await onSecond.waitFor(isEvent('transfer', (d) => d.balance === 65_00));
    expect(back.id).toBe('3');
    expect(onSecond.events().map((e) => e.id)).toEqual(['1', '2', '3']);
  });
});
