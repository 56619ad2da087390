import { describe, expect, it } from 'vitest';
import { goalAccount, SYSTEM_ACCOUNT, userAccount } from '../ids.ts';
import {
  allHistory,
  deposit,
  key,
  m,
  makeUser,
  post,
  release,
  type StoreFactory,
  send,
  storeEnv,
  T0,
  TestClock,
} from './helpers.ts';

export function lifecycleContract(factory: StoreFactory): void {
  describe('lifecycle', () => {
    const env = storeEnv(factory);

    it('ping resolves on an open store and rejects once it is closed', async () => {
      const store = await factory.open({});
      await store.ping();
      await release(factory, store);
      await expect(store.ping()).rejects.toThrow();
    });

    const reopen = factory.reopen;
    describe.skipIf(!reopen)('durability', () => {
      it('a reopened store holds everything that was written', async () => {
        if (!reopen) return;
        const clock = new TestClock(T0, 1);
        const first = await env.open({ now: clock.now });
        const asha = await makeUser(first, 'Asha Rao');
        const ravi = await makeUser(first, 'Ravi Kumar');
        await deposit(first, asha, 10_000);
        const k = key();
        const paid = await post(
          first,
          'transfer',
          userAccount(asha.id),
          userAccount(ravi.id),
          2500,
          asha,
          {
            idempotencyKey: k,
          },
        );
        const goal = await first.createGoal({
          ownerId: asha.id,
          name: 'Bike',
          targetAmount: m(9000),
        });
        await post(first, 'goal_deposit', userAccount(asha.id), goalAccount(goal.id), 1500, asha);
        const contact = await first.addContact({
          ownerId: asha.id,
          accountNumber: 1001,
          nickname: 'Ravi',
        });
        const session = await first.createSession({
          userId: asha.id,
          credentialVersion: asha.credentialVersion,
          refreshHash: 'r1',
          expiresAt: new Date(T0 + 1e9),
          authTime: new Date(T0),
        });
        await first.putCode('password_reset', asha.phone, 'h1', new Date(T0 + 1e9), 3);
        await first.hitRateLimit('login:ip', 60_000, 4);
        const sms = await first.enqueueSms({
          to: asha.phone,
          body: 'hi',
          purpose: 'alert',
          status: 'pending',
        });
        const history = await allHistory(first, userAccount(asha.id));

        const store = await reopen(first, { now: clock.now });
        env.adopt(store);
        expect(await store.findUserById(asha.id)).toEqual(asha);
        expect(await store.getBalance(userAccount(asha.id))).toBe(6000);
        expect(await store.getBalance(userAccount(ravi.id))).toBe(2500);
        expect(await store.getBalance(SYSTEM_ACCOUNT)).toBe(-10_000);
        expect(await allHistory(store, userAccount(asha.id))).toEqual(history);
        expect(await store.getGoal(goal.id)).toMatchObject({ savedAmount: 1500, status: 'active' });
        expect(await store.getContact(contact.id, asha.id)).toEqual(contact);
        expect(await store.getSession(session.id)).toEqual(session);
        expect(await store.peekRateLimit('login:ip', 60_000)).toBe(4);
        expect((await store.listSms()).map((s) => s.id)).toEqual([sms.id]);
        expect(await store.verifyLedger()).toMatchObject({ ok: true, transfers: 3, total: 0 });
        // The idempotency record, the account number sequence and the code survive too.
        const again = await post(
          store,
          'transfer',
          userAccount(asha.id),
          userAccount(ravi.id),
          2500,
          asha,
          {
            idempotencyKey: k,
          },
        );
        expect(again).toEqual({ transfer: paid.transfer, replayed: true });
        expect((await makeUser(store, 'Third')).accountNumber).toBe(1002);
        expect(await store.verifyCode('password_reset', asha.phone, 'h1')).toBe('ok');
        await send(store, ravi, asha, 2500);
        expect((await store.verifyLedger()).ok).toBe(true);
      });
    });
  });
}
