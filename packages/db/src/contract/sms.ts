import { describe, expect, it } from 'vitest';
import type { Store } from '../store.ts';
import type { SmsMessage } from '../types.ts';
import { type StoreFactory, storeEnv, T0, TestClock } from './helpers.ts';

const LEASE = 30_000;
const TO = '+919800000001';

export function smsContract(factory: StoreFactory): void {
  describe('sms outbox', () => {
    const env = storeEnv(factory);

    async function setup() {
      const clock = new TestClock(T0);
      const store = await env.open({ now: clock.now });
      return { store, clock };
    }

    const queue = (store: Store, body: string, to = TO) =>
      store.enqueueSms({ to, body, purpose: 'alert', status: 'pending' });

    async function byId(store: Store, id: string): Promise<SmsMessage | undefined> {
      return (await store.listSms({ limit: 500 })).find((s) => s.id === id);
    }

    const ids = (list: SmsMessage[]) => list.map((s) => s.id).sort();

    it('enqueueSms queues a pending message due now', async () => {
      const { store } = await setup();
      const s = await queue(store, 'hello');
      expect(s).toEqual({
        id: s.id,
        to: TO,
        body: 'hello',
        purpose: 'alert',
        status: 'pending',
        attempts: 0,
        nextAttemptAt: new Date(T0),
        lastError: null,
        providerId: null,
        createdAt: new Date(T0),
        sentAt: null,
      });
      expect(await store.listSms()).toEqual([s]);
    });

    it('a logged or sent message is recorded as delivered and never claimed', async () => {
      const { store } = await setup();
      const logged = await store.enqueueSms({
        to: TO,
        body: 'a',
        purpose: 'otp',
        status: 'logged',
      });
      const sent = await store.enqueueSms({
        to: TO,
        body: 'b',
        purpose: 'otp',
        status: 'sent',
        providerId: 'SM1',
      });
      expect(logged).toMatchObject({ status: 'logged', sentAt: new Date(T0), providerId: null });
      expect(sent).toMatchObject({ status: 'sent', sentAt: new Date(T0), providerId: 'SM1' });
      expect(await store.claimDueSms(10, LEASE)).toEqual([]);
    });

    it('claimDueSms leases due pending messages up to the limit, each once', async () => {
      const { store, clock } = await setup();
      const queued = [];
      for (const body of ['a', 'b', 'c']) {
        queued.push(await queue(store, body));
        clock.advance(1);
      }
      const first = await store.claimDueSms(2, LEASE);
      expect(first).toHaveLength(2);
      for (const s of first) expect(s).toMatchObject({ status: 'sending', attempts: 1 });
      const second = await store.claimDueSms(10, LEASE);
      expect(second).toHaveLength(1);
      expect(ids([...first, ...second])).toEqual(ids(queued));
      expect(await store.claimDueSms(10, LEASE)).toEqual([]);
    });

    it('concurrent claims never hand out one message twice', async () => {
      const { store } = await setup();
      const queued = await Promise.all(Array.from({ length: 20 }, (_, i) => queue(store, `m${i}`)));
      const claims = await Promise.all(
        Array.from({ length: 5 }, () => store.claimDueSms(8, LEASE)),
      );
      const claimed = claims.flat();
      expect(claimed).toHaveLength(20);
      expect(ids(claimed)).toEqual(ids(queued));
    });

    it('a lease that ran out (the worker died) makes the message due again', async () => {
      const { store, clock } = await setup();
      const s = await queue(store, 'x');
      await store.claimDueSms(10, LEASE);
      clock.advance(LEASE - 1);
      expect(await store.claimDueSms(10, LEASE)).toEqual([]);
      clock.advance(2);
      const again = await store.claimDueSms(10, LEASE);
      expect(again.map((m) => [m.id, m.attempts])).toEqual([[s.id, 2]]);
    });

    it('markSmsSent records the provider id and the message is done', async () => {
      const { store, clock } = await setup();
      const s = await queue(store, 'x');
      await store.claimDueSms(10, LEASE);
      clock.advance(100);
      await store.markSmsSent(s.id, 'SM123');
      expect(await byId(store, s.id)).toMatchObject({
        status: 'sent',
        providerId: 'SM123',
        sentAt: new Date(T0 + 100),
        attempts: 1,
      });
      clock.advance(10 * LEASE);
      expect(await store.claimDueSms(10, LEASE)).toEqual([]);
    });

    it('markSmsFailed with a retry time puts it back, due only from then', async () => {
      const { store, clock } = await setup();
      const s = await queue(store, 'x');
      await store.claimDueSms(10, LEASE);
      const retryAt = new Date(T0 + 5 * LEASE);
      await store.markSmsFailed(s.id, 'provider 503', retryAt);
      expect(await byId(store, s.id)).toMatchObject({
        status: 'pending',
        lastError: 'provider 503',
        nextAttemptAt: retryAt,
        attempts: 1,
        sentAt: null,
      });
      clock.set(retryAt.getTime() - 1);
      expect(await store.claimDueSms(10, LEASE)).toEqual([]);
      clock.set(retryAt.getTime());
      const again = await store.claimDueSms(10, LEASE);
      expect(again.map((m) => [m.id, m.attempts, m.status])).toEqual([[s.id, 2, 'sending']]);
    });

    it('markSmsFailed without a retry time gives up for good', async () => {
      const { store, clock } = await setup();
      const s = await queue(store, 'x');
      await store.claimDueSms(10, LEASE);
      await store.markSmsFailed(s.id, 'invalid number', null);
      expect(await byId(store, s.id)).toMatchObject({
        status: 'failed',
        lastError: 'invalid number',
        sentAt: null,
      });
      clock.advance(100 * LEASE);
      expect(await store.claimDueSms(10, LEASE)).toEqual([]);
    });

    it('listSms lists newest first, filters by number and honours the limit', async () => {
      const { store, clock } = await setup();
      const other = '+919800000002';
      const made = [];
      for (let i = 0; i < 5; i++) {
        made.push(await queue(store, `m${i}`, i % 2 === 0 ? TO : other));
        clock.advance(10);
      }
      const bodies = (list: SmsMessage[]) => list.map((s) => s.body);
      expect(bodies(await store.listSms())).toEqual(['m4', 'm3', 'm2', 'm1', 'm0']);
      expect(bodies(await store.listSms({ to: TO }))).toEqual(['m4', 'm2', 'm0']);
      expect(bodies(await store.listSms({ to: other, limit: 1 }))).toEqual(['m3']);
      expect(bodies(await store.listSms({ limit: 2 }))).toEqual(['m4', 'm3']);
      expect(await store.listSms({ to: '+10000000000' })).toEqual([]);
    });
  });
}
