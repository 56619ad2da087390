import type { UserEvent } from '@quickpay/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMoneyTest, key, type MoneyTest } from '../testing/members.ts';
import { hubOf, Inbox } from './hub.ts';
import type { LiveEvent } from './views.ts';

let t: MoneyTest;
beforeEach(() => {
  // A tiny per-stream queue, so a slow reader overflows it at once.
  t = createMoneyTest({ live: { streamBuffer: 3 } });
});
afterEach(() => t.close());

/** The LiveEvent inside a yielded value (tracked values are [id, data, symbol]). */
const dataOf = (v: unknown): LiveEvent => (Array.isArray(v) ? v[1] : v) as LiveEvent;

const event = (seq: number): UserEvent => ({
  userId: 'u',
  seq,
  type: 'schedule',
  at: new Date(0),
  payload: {},
});

describe('events: bounded per-stream queue', () => {
  it('holds at most its limit, then drops what it holds and says it is behind', () => {
    const inbox = new Inbox(3);
    for (let i = 1; i <= 3; i++) inbox.push(event(i));
    expect(inbox.behind).toBe(false);
    inbox.push(event(4));
    expect(inbox.behind).toBe(true);
    expect(inbox.shift()).toBeUndefined();
    for (let i = 5; i <= 1000; i++) inbox.push(event(i));
    expect(inbox.shift()).toBeUndefined(); // nothing more is held while behind
    inbox.reset();
    expect(inbox.behind).toBe(false);
  });

  it('a reader slower than the queue still gets every event, in order, from the store', async () => {
    const ravi = await t.user('Ravi Kumar');
    const asha = await t.user('Asha Rao', { balance: 1_000_00 });
    const stream = (await ravi.api.events.subscribe()) as AsyncIterable<unknown>;
    const it = stream[Symbol.asyncIterator]();
    // The first pull opens the stream; wait until it listens, then make it fall behind.
    const first = it.next();
    while (hubOf(t.store).size === 0) await new Promise((r) => setTimeout(r, 5));
    for (let i = 1; i <= 12; i++) {
      await asha.api.payments.transfer({
        toAccountNumber: ravi.user.accountNumber,
        amount: i,
        idempotencyKey: key(),
      });
    }
    const got: LiveEvent[] = [dataOf((await first).value)];
    while (got.length < 12) got.push(dataOf((await it.next()).value));
    await it.return?.();
    expect(got.map((e) => e.id)).toEqual(Array.from({ length: 12 }, (_, i) => String(i + 1)));
    expect(got.map((e) => (e.type === 'transfer' ? e.transfer.amount : 0))).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
  });

  it('resumes after lastEventId with exactly the later events', async () => {
    const ravi = await t.user('Ravi Kumar', { balance: 10_00 });
    for (let i = 0; i < 3; i++) {
      await ravi.api.payments.deposit({ amount: 1_00, idempotencyKey: key() });
    }
    const stream = (await ravi.api.events.subscribe({
      lastEventId: '2',
    })) as AsyncIterable<unknown>;
    const it = stream[Symbol.asyncIterator]();
    const a = dataOf((await it.next()).value);
    const b = dataOf((await it.next()).value);
    await it.return?.();
    expect([a.id, b.id]).toEqual(['3', '4']);
    expect(a.type === 'transfer' && a.balance).toBe(12_00);
  });
});
