import { describe, expect, it } from 'vitest';
import { userAccount } from '../ids.ts';
import type { Store } from '../store.ts';
import { BALANCE_SLOT, moneyFormatter, type TransferAlert } from '../transfer-alert.ts';
import type { SmsMessage, User } from '../types.ts';
import {
  deposit,
  expectRefusal,
  key,
  m,
  makeUser,
  rawAmount,
  type StoreFactory,
  storeEnv,
  T0,
  TestClock,
} from './helpers.ts';

const DAY = 24 * 3600 * 1000;

/** The shape the API sends: bank text with the balance left for the store to fill in. */
const alertFor = (to: User, text = 'credited.'): TransferAlert => ({
  to: to.phone,
  body: `${text} Balance: ${BALANCE_SLOT}.`,
  currency: 'INR',
});

const alertsTo = async (store: Store, to: User): Promise<SmsMessage[]> =>
  (await store.listSms({ to: to.phone, limit: 500 })).filter((s) => s.purpose === 'alert');

/** Transfer alerts are written by the transfer's own transaction (transactional outbox). */
export function outboxContract(factory: StoreFactory): void {
  describe('transfer alerts (transactional outbox)', () => {
    const env = storeEnv(factory);

    async function setup() {
      const clock = new TestClock(T0);
      const store = await env.open({ now: clock.now });
      const asha = await makeUser(store, 'Asha Rao');
      const ravi = await makeUser(store, 'Ravi Kumar');
      await deposit(store, asha, 10_000);
      const pay = (
        amount: number,
        extra: { idempotencyKey?: string; alert?: TransferAlert } = {},
      ) =>
        store.postTransfer({
          kind: 'transfer',
          debit: userAccount(asha.id),
          credit: userAccount(ravi.id),
          amount: rawAmount(amount),
          initiatorId: asha.id,
          idempotencyKey: extra.idempotencyKey ?? key(),
          alert: extra.alert ?? alertFor(ravi),
        });
      return { store, asha, ravi, pay };
    }

    it('a committed transfer queues its alert, pending and due now, with the balance filled in', async () => {
      const { store, ravi, pay } = await setup();
      await pay(1_250);
      const { transfer } = await pay(2_000);
      const queued = await alertsTo(store, ravi);
      expect(queued.map((s) => s.body)).toEqual([
        'credited. Balance: ₹32.50.',
        'credited. Balance: ₹12.50.',
      ]);
      expect(transfer.credit.balanceAfter).toBe(3_250);
      expect(queued[0]).toMatchObject({
        to: ravi.phone,
        purpose: 'alert',
        status: 'pending',
        attempts: 0,
        nextAttemptAt: new Date(T0),
        sentAt: null,
      });
    });

    it('a refused transfer queues nothing; a transfer without an alert queues nothing', async () => {
      const { store, asha, ravi, pay } = await setup();
      await expectRefusal(pay(10_001), 'INSUFFICIENT_FUNDS');
      await expectRefusal(pay(0), 'INVALID_AMOUNT');
      await store.postTransfer({
        kind: 'transfer',
        debit: userAccount(asha.id),
        credit: userAccount(ravi.id),
        amount: m(100),
        initiatorId: asha.id,
        idempotencyKey: key(),
      });
      expect(await alertsTo(store, ravi)).toEqual([]);
      expect(await store.listSms({ limit: 500 })).toEqual([]);
    });

    it('a replay of the key queues no second alert, whatever alert it carries', async () => {
      const { store, ravi, pay } = await setup();
      const k = key();
      const first = await pay(500, { idempotencyKey: k });
      const again = await pay(500, { idempotencyKey: k, alert: alertFor(ravi, 'again.') });
      expect(again).toEqual({ transfer: first.transfer, replayed: true });
      expect((await alertsTo(store, ravi)).map((s) => s.body)).toEqual([
        'credited. Balance: ₹5.00.',
      ]);
    });

    it('concurrent transfers, some refused for funds: one alert per committed transfer, with its balance', async () => {
      const { store, ravi, pay } = await setup();
      const results = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) => pay(700, { alert: alertFor(ravi, `t${i}.`) })),
      );
      const inr = moneyFormatter('INR');
      const expected: string[] = [];
      results.forEach((r, i) => {
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
        else expected.push(`t${i}. Balance: ${inr(r.value.transfer.credit.balanceAfter)}.`);
      });
      expect(expected).toHaveLength(14); // 10,000 / 700
      const bodies = (await alertsTo(store, ravi)).map((s) => s.body);
      expect(bodies.sort()).toEqual(expected.sort());
    });

    it('payRequest queues the requester alert with the payment; a replay or a refused payment queues nothing', async () => {
      const { store, asha, ravi } = await setup();
      const { request } = await store.createRequest({
        requesterId: ravi.id,
        payerId: asha.id,
        amount: m(2_500),
        note: 'dinner',
        ttlMs: 7 * DAY,
        idempotencyKey: key(),
      });
      const k = key();
      const paid = await store.payRequest({
        requestId: request.id,
        payerId: asha.id,
        idempotencyKey: k,
        alert: alertFor(ravi),
      });
      const replay = await store.payRequest({
        requestId: request.id,
        payerId: asha.id,
        idempotencyKey: k,
        alert: alertFor(ravi),
      });
      expect(replay.replayed).toBe(true);
      await expectRefusal(
        store.payRequest({
          requestId: request.id,
          payerId: asha.id,
          idempotencyKey: key(),
          alert: alertFor(ravi),
        }),
        'REQUEST_NOT_PENDING',
      );
      expect(paid.transfer.credit.balanceAfter).toBe(2_500);
      expect((await alertsTo(store, ravi)).map((s) => s.body)).toEqual([
        'credited. Balance: ₹25.00.',
      ]);
    });

    it('10 concurrent payments of one request with different keys queue exactly one alert', async () => {
      const { store, asha, ravi } = await setup();
      const { request } = await store.createRequest({
        requesterId: ravi.id,
        payerId: asha.id,
        amount: m(100),
        note: '',
        ttlMs: DAY,
        idempotencyKey: key(),
      });
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () =>
          store.payRequest({
            requestId: request.id,
            payerId: asha.id,
            idempotencyKey: key(),
            alert: alertFor(ravi),
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await alertsTo(store, ravi)).toHaveLength(1);
    });
  });
}
