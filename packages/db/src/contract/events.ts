import { describe, expect, it } from 'vitest';
import { transferOfEvent } from '../events.ts';
import { goalAccount, userAccount } from '../ids.ts';
import type { UserEvent } from '../types.ts';
import {
  deposit,
  expectRefusal,
  m,
  makeUser,
  post,
  type StoreFactory,
  send,
  storeEnv,
  T0,
  TestClock,
} from './helpers.ts';

/** Resolves once `n` events have arrived through watchEvents (no timing assumed). */
function collect(events: UserEvent[], n: number): Promise<void> {
  return new Promise((resolve) => {
    const check = setInterval(() => {
      if (events.length >= n) {
        clearInterval(check);
        resolve();
      }
    }, 5);
  });
}

export function eventContract(factory: StoreFactory): void {
  describe('events', () => {
    const env = storeEnv(factory);

    async function setup() {
      const clock = new TestClock(T0, 1);
      const store = await env.open({ now: clock.now });
      const asha = await makeUser(store, 'Asha Rao');
      const ravi = await makeUser(store, 'Ravi Kumar');
      return { store, clock, asha, ravi };
    }

    it('a transfer writes one event per user side, signed by account, with the new balance', async () => {
      const { store, asha, ravi } = await setup();
      await deposit(store, asha, 5_000);
      const { transfer } = await send(store, asha, ravi, 1_200, 'rent');
      const ashaEvents = await store.listEvents(asha.id, 0);
      const raviEvents = await store.listEvents(ravi.id, 0);
      expect(ashaEvents.map((e) => [e.seq, e.type])).toEqual([
        [1, 'transfer'],
        [2, 'transfer'],
      ]);
      expect(raviEvents.map((e) => [e.seq, e.type])).toEqual([[1, 'transfer']]);
      const seen = transferOfEvent(raviEvents[0] as UserEvent);
      expect(seen.account).toBe(userAccount(ravi.id));
      expect(seen.transfer.id).toBe(transfer.id);
      expect(seen.transfer.credit.balanceAfter).toBe(1_200);
      expect(seen.transfer.note).toBe('rent');
      expect(transferOfEvent(ashaEvents[1] as UserEvent).transfer.debit.balanceAfter).toBe(3_800);
      expect(await store.lastEventSeq(asha.id)).toBe(2);
      expect(await store.lastEventSeq(ravi.id)).toBe(1);
    });

    it('a goal deposit tells the owner twice: the main account and the goal', async () => {
      const { store, asha } = await setup();
      await deposit(store, asha, 1_000);
      const goal = await store.createGoal({ ownerId: asha.id, name: 'Bike', targetAmount: m(9) });
      await post(store, 'goal_deposit', userAccount(asha.id), goalAccount(goal.id), 300, asha);
      const events = await store.listEvents(asha.id, 1);
      expect(events.map((e) => e.type)).toEqual(['transfer', 'goal']);
      expect(transferOfEvent(events[1] as UserEvent).account).toBe(goalAccount(goal.id));
    });

    it('a refused transfer writes no event, and a replayed one no second', async () => {
      const { store, asha, ravi } = await setup();
      await expectRefusal(send(store, asha, ravi, 10), 'INSUFFICIENT_FUNDS');
      expect(await store.listEvents(ravi.id, 0)).toEqual([]);
      const input = {
        kind: 'deposit' as const,
        debit: 'sys:cash' as const,
        credit: userAccount(asha.id),
        amount: m(50),
        initiatorId: asha.id,
        idempotencyKey: 'same-key-1',
      };
      await store.postTransfer(input);
      await store.postTransfer(input);
      expect(await store.lastEventSeq(asha.id)).toBe(1);
    });

    it('listEvents pages after a seq, oldest first, and never shows another user', async () => {
      const { store, asha, ravi } = await setup();
      for (let i = 0; i < 5; i++) await deposit(store, asha, 10 + i);
      await deposit(store, ravi, 99);
      const page = await store.listEvents(asha.id, 2, 2);
      expect(page.map((e) => e.seq)).toEqual([3, 4]);
      expect(page.every((e) => e.userId === asha.id)).toBe(true);
      expect((await store.listEvents(asha.id, 5)).length).toBe(0);
    });

    it('pruning removes old events but never reuses a seq', async () => {
      const { store, clock, asha } = await setup();
      await deposit(store, asha, 10);
      await deposit(store, asha, 20);
      clock.advance(10_000);
      const cut = new Date(clock.t);
      await deposit(store, asha, 30);
      expect(await store.pruneEvents(cut)).toBe(2);
      expect((await store.listEvents(asha.id, 0)).map((e) => e.seq)).toEqual([3]);
      await store.pruneEvents(new Date(clock.t + 1_000));
      await deposit(store, asha, 40);
      expect((await store.listEvents(asha.id, 0)).map((e) => e.seq)).toEqual([4]);
      expect(await store.lastEventSeq(asha.id)).toBe(4);
    });

    it('appendEvent numbers with the same per-user counter', async () => {
      const { store, asha } = await setup();
      await deposit(store, asha, 10);
      const e = await store.appendEvent({
        userId: asha.id,
        type: 'schedule',
        payload: { scheduleId: 's1', status: 'paid' },
      });
      expect(e.seq).toBe(2);
      expect((await store.listEvents(asha.id, 1))[0]?.payload).toEqual({
        scheduleId: 's1',
        status: 'paid',
      });
    });

    it('watchEvents delivers committed events to every watcher until it unwatches', async () => {
      const { store, asha, ravi } = await setup();
      const first: UserEvent[] = [];
      const second: UserEvent[] = [];
      const stopFirst = store.watchEvents({ onEvent: (e) => first.push(e) });
      const stopSecond = store.watchEvents({ onEvent: (e) => second.push(e) });
      await deposit(store, asha, 500);
      await send(store, asha, ravi, 100);
      await collect(first, 3);
      await collect(second, 3);
      stopFirst();
      expect(first.map((e) => [e.userId, e.seq])).toEqual([
        [asha.id, 1],
        [asha.id, 2],
        [ravi.id, 1],
      ]);
      await deposit(store, ravi, 1);
      await collect(second, 4);
      stopSecond();
      expect(first.length).toBe(3);
    });
  });
}
