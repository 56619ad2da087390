import { describe, expect, it } from 'vitest';
import { requestOfEvent } from '../events.ts';
import { userAccount } from '../ids.ts';
import type { NewMoneyRequest, User } from '../types.ts';
import {
  allHistory,
  deposit,
  expectRefusal,
  key,
  m,
  makeUser,
  type StoreFactory,
  storeEnv,
  T0,
  TestClock,
} from './helpers.ts';

const DAY = 24 * 3600 * 1000;

export function requestContract(factory: StoreFactory): void {
  describe('money requests', () => {
    const env = storeEnv(factory);

    async function setup() {
      const clock = new TestClock(T0, 1);
      const store = await env.open({ now: clock.now });
      const asha = await makeUser(store, 'Asha Rao'); // asks
      const ravi = await makeUser(store, 'Ravi Kumar'); // pays
      await deposit(store, ravi, 10_000);
      const ask = (extra: Partial<NewMoneyRequest> = {}, from: User = asha, to: User = ravi) =>
        store.createRequest({
          requesterId: from.id,
          payerId: to.id,
          amount: m(2_500),
          note: 'dinner',
          ttlMs: 7 * DAY,
          idempotencyKey: key(),
          ...extra,
        });
      return { store, clock, asha, ravi, ask };
    }

    it('createRequest makes a pending request both parties see, and tells both', async () => {
      const { store, asha, ravi, ask } = await setup();
      const { request, replayed } = await ask();
      expect(replayed).toBe(false);
      expect(request).toMatchObject({
        requesterId: asha.id,
        payerId: ravi.id,
        requesterAccountNumber: asha.accountNumber,
        payerName: 'Ravi Kumar',
        amount: 2_500,
        note: 'dinner',
        status: 'pending',
        transferId: null,
      });
      expect((await store.listRequests(ravi.id, 'incoming')).map((r) => r.id)).toEqual([
        request.id,
      ]);
      expect((await store.listRequests(asha.id, 'outgoing')).map((r) => r.id)).toEqual([
        request.id,
      ]);
      expect(await store.listRequests(asha.id, 'incoming')).toEqual([]);
      const told = await store.listEvents(ravi.id, 1);
      expect(told.map((e) => e.type)).toEqual(['request']);
      expect(requestOfEvent(told[0] as never).id).toBe(request.id);
      expect((await store.listEvents(asha.id, 0)).map((e) => e.type)).toEqual(['request']);
    });

    it('the same key replays the first request; with another request it is a conflict', async () => {
      const { ask } = await setup();
      const k = key();
      const first = await ask({ idempotencyKey: k });
      const again = await ask({ idempotencyKey: k });
      expect(again).toEqual({ request: first.request, replayed: true });
      await expectRefusal(ask({ idempotencyKey: k, amount: m(1) }), 'IDEMPOTENCY_CONFLICT');
    });

    it('refuses a bad amount, oneself, and a payer who turned requests off', async () => {
      const { store, asha, ravi, ask } = await setup();
      await expectRefusal(ask({ amount: m(0) }), 'INVALID_AMOUNT');
      await expectRefusal(ask({ payerId: asha.id }), 'SELF_TRANSFER');
      expect(await store.requestsEnabled(ravi.id)).toBe(true);
      await store.setRequestsEnabled(ravi.id, false);
      expect(await store.requestsEnabled(ravi.id)).toBe(false);
      await expectRefusal(ask(), 'REQUESTS_OFF');
      await store.setRequestsEnabled(ravi.id, true);
      expect((await ask()).request.status).toBe('pending');
    });

    it('payRequest moves the money once, marks it paid and replays the same key', async () => {
      const { store, asha, ravi, ask } = await setup();
      const { request } = await ask();
      const k = key();
      const paid = await store.payRequest({
        requestId: request.id,
        payerId: ravi.id,
        idempotencyKey: k,
      });
      expect(paid.replayed).toBe(false);
      expect(paid.request).toMatchObject({ status: 'paid', transferId: paid.transfer.id });
      expect(paid.transfer).toMatchObject({ kind: 'transfer', amount: 2_500, note: 'dinner' });
      expect(await store.getBalance(userAccount(asha.id))).toBe(2_500);
      const replay = await store.payRequest({
        requestId: request.id,
        payerId: ravi.id,
        idempotencyKey: k,
      });
      expect(replay.replayed).toBe(true);
      expect(replay.transfer.id).toBe(paid.transfer.id);
      await expectRefusal(
        store.payRequest({ requestId: request.id, payerId: ravi.id, idempotencyKey: key() }),
        'REQUEST_NOT_PENDING',
      );
      expect(await allHistory(store, userAccount(asha.id))).toHaveLength(1);
      expect((await store.verifyLedger()).ok).toBe(true);
    });

    it('20 concurrent pays with different keys make exactly one transfer', async () => {
      const { store, asha, ravi, ask } = await setup();
      const { request } = await ask();
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () =>
          store.payRequest({ requestId: request.id, payerId: ravi.id, idempotencyKey: key() }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected')
          expect(r.reason).toMatchObject({ code: 'REQUEST_NOT_PENDING' });
      }
      expect(await store.getBalance(userAccount(asha.id))).toBe(2_500);
      expect(await store.getBalance(userAccount(ravi.id))).toBe(7_500);
    });

    it('only the payer pays or declines; only the requester cancels; strangers see nothing', async () => {
      const { store, asha, ravi, ask } = await setup();
      const stranger = await makeUser(store, 'Meena Iyer');
      const { request } = await ask();
      const pay = (who: User) =>
        store.payRequest({ requestId: request.id, payerId: who.id, idempotencyKey: key() });
      await expectRefusal(pay(asha), 'REQUEST_FORBIDDEN');
      await expectRefusal(pay(stranger), 'REQUEST_NOT_FOUND');
      await expectRefusal(store.closeRequest(request.id, asha.id, 'declined'), 'REQUEST_FORBIDDEN');
      await expectRefusal(
        store.closeRequest(request.id, ravi.id, 'cancelled'),
        'REQUEST_FORBIDDEN',
      );
      await expectRefusal(
        store.closeRequest(request.id, stranger.id, 'cancelled'),
        'REQUEST_NOT_FOUND',
      );
      await expectRefusal(
        store.payRequest({ requestId: 'nope', payerId: ravi.id, idempotencyKey: key() }),
        'REQUEST_NOT_FOUND',
      );
    });

    it('decline and cancel settle a pending request once; a settled one cannot be paid', async () => {
      const { store, asha, ravi, ask } = await setup();
      const a = (await ask()).request;
      const declined = await store.closeRequest(a.id, ravi.id, 'declined');
      expect(declined.status).toBe('declined');
      expect(declined.settledAt).not.toBeNull();
      expect((await store.closeRequest(a.id, ravi.id, 'declined')).status).toBe('declined');
      await expectRefusal(store.closeRequest(a.id, asha.id, 'cancelled'), 'REQUEST_NOT_PENDING');
      await expectRefusal(
        store.payRequest({ requestId: a.id, payerId: ravi.id, idempotencyKey: key() }),
        'REQUEST_NOT_PENDING',
      );
      const b = (await ask()).request;
      expect((await store.closeRequest(b.id, asha.id, 'cancelled')).status).toBe('cancelled');
      expect(
        (await store.listRequests(ravi.id, 'incoming', { status: 'cancelled' })).map((r) => r.id),
      ).toEqual([b.id]);
      expect(await store.getBalance(userAccount(asha.id))).toBe(0);
    });

    it('an expired request reads expired and cannot be paid, declined or cancelled', async () => {
      const { store, clock, asha, ravi, ask } = await setup();
      const { request } = await ask({ ttlMs: DAY });
      const fresh = (await ask()).request;
      clock.advance(DAY + 1);
      expect((await store.getRequest(request.id))?.status).toBe('expired');
      await expectRefusal(
        store.payRequest({ requestId: request.id, payerId: ravi.id, idempotencyKey: key() }),
        'REQUEST_EXPIRED',
      );
      await expectRefusal(store.closeRequest(request.id, ravi.id, 'declined'), 'REQUEST_EXPIRED');
      await expectRefusal(store.closeRequest(request.id, asha.id, 'cancelled'), 'REQUEST_EXPIRED');
      const expired = await store.listRequests(ravi.id, 'incoming', { status: 'expired' });
      expect(expired.map((r) => r.id)).toEqual([request.id]);
      const pending = await store.listRequests(ravi.id, 'incoming', { status: 'pending' });
      expect(pending.map((r) => r.id)).toEqual([fresh.id]);
    });

    it('a pay the payer cannot afford is refused and leaves the request pending', async () => {
      const { store, ravi, ask } = await setup();
      const { request } = await ask({ amount: m(50_000) });
      await expectRefusal(
        store.payRequest({ requestId: request.id, payerId: ravi.id, idempotencyKey: key() }),
        'INSUFFICIENT_FUNDS',
      );
      expect((await store.getRequest(request.id))?.status).toBe('pending');
    });
  });
}
