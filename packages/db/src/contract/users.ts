import { describe, expect, it } from 'vitest';
import { userAccount } from '../ids.ts';
import {
  deposit,
  expectRefusal,
  makeUser,
  newUserInput,
  type StoreFactory,
  send,
  storeEnv,
  T0,
  TestClock,
} from './helpers.ts';

export function userContract(factory: StoreFactory): void {
  describe('users', () => {
    const env = storeEnv(factory);

    it('createUser stores the profile and opens an empty main account', async () => {
      const store = await env.open();
      const input = newUserInput('Asha Rao', { age: 31, gender: 'female', smsAlerts: false });
      const u = await store.createUser(input);
      expect(u).toMatchObject({
        fullName: 'Asha Rao',
        phone: input.phone,
        passwordHash: input.passwordHash,
        age: 31,
        gender: 'female',
        smsAlerts: false,
      });
      expect(typeof u.id).toBe('string');
      expect(u.createdAt).toBeInstanceOf(Date);
      expect(u.passwordChangedAt).toBeInstanceOf(Date);
      expect(await store.getBalance(userAccount(u.id))).toBe(0);
    });

    it('createUser defaults age and gender to null', async () => {
      const store = await env.open();
      const u = await store.createUser(newUserInput('Ravi Kumar'));
      expect(u.age).toBeNull();
      expect(u.gender).toBeNull();
      expect(typeof u.smsAlerts).toBe('boolean');
    });

    it('finds a user by id, by phone and by account number', async () => {
      const store = await env.open();
      const u = await makeUser(store, 'Asha Rao');
      await makeUser(store, 'Someone Else');
      expect(await store.findUserById(u.id)).toEqual(u);
      expect(await store.findUserByPhone(u.phone)).toEqual(u);
      expect(await store.findUserByAccountNumber(u.accountNumber)).toEqual(u);
    });

    it('lookups of unknown users return null', async () => {
      const store = await env.open();
      await makeUser(store);
      expect(await store.findUserById('nobody')).toBeNull();
      expect(await store.findUserByPhone('+910000000000')).toBeNull();
      expect(await store.findUserByAccountNumber(999)).toBeNull();
      expect(await store.findUserByAccountNumber(5000)).toBeNull();
    });

    it('account numbers are sequential from 1000', async () => {
      const store = await env.open();
      const numbers = [];
      for (let i = 0; i < 5; i++) numbers.push((await makeUser(store, `User ${i}`)).accountNumber);
      expect(numbers).toEqual([1000, 1001, 1002, 1003, 1004]);
    });

    it('createUser refuses a phone that is taken with PHONE_TAKEN', async () => {
      const store = await env.open();
      const first = await store.createUser(newUserInput('Asha Rao'));
      await expectRefusal(
        store.createUser({ ...newUserInput('Impostor'), phone: first.phone }),
        'PHONE_TAKEN',
      );
      expect(await store.findUserByPhone(first.phone)).toEqual(first);
    });

    it('a refused sign-up does not consume an account number', async () => {
      const store = await env.open();
      const first = await store.createUser(newUserInput('Asha Rao'));
      await expectRefusal(
        store.createUser({ ...newUserInput('Impostor'), phone: first.phone }),
        'PHONE_TAKEN',
      );
      const second = await makeUser(store, 'Ravi Kumar');
      expect(second.accountNumber).toBe(1001);
    });

    it('updateUser changes the name, alerts and password hash', async () => {
      const store = await env.open();
      const u = await makeUser(store, 'Asha Rao');
      const updated = await store.updateUser(u.id, {
        fullName: 'Asha R. Menon',
        smsAlerts: !u.smsAlerts,
        passwordHash: 'new-hash',
      });
      expect(updated).toMatchObject({
        id: u.id,
        accountNumber: u.accountNumber,
        phone: u.phone,
        fullName: 'Asha R. Menon',
        smsAlerts: !u.smsAlerts,
        passwordHash: 'new-hash',
      });
      expect(await store.findUserById(u.id)).toEqual(updated);
    });

    it('updateUser with an empty patch changes nothing', async () => {
      const store = await env.open();
      const u = await makeUser(store, 'Asha Rao');
      expect(await store.updateUser(u.id, {})).toEqual(u);
    });

    it('updateUser refuses an unknown user with USER_NOT_FOUND', async () => {
      const store = await env.open();
      await makeUser(store);
      await expectRefusal(store.updateUser('nobody', { fullName: 'X' }), 'USER_NOT_FOUND');
    });

    it('a rename labels later transfers with the new name and keeps earlier labels', async () => {
      const store = await env.open({ now: new TestClock(T0, 1).now });
      const asha = await makeUser(store, 'Asha Rao');
      const ravi = await makeUser(store, 'Ravi Kumar');
      await deposit(store, asha, 10_000);
      const before = await send(store, asha, ravi, 100);
      await store.updateUser(asha.id, { fullName: 'Asha Menon' });
      const after = await send(store, asha, ravi, 100);
      expect(after.transfer.debit.label).toBe('Asha Menon');
      expect(after.transfer.credit.label).toBe('Ravi Kumar');
      expect((await store.getTransfer(before.transfer.id))?.debit.label).toBe('Asha Rao');
      const raviHistory = await store.listHistory(userAccount(ravi.id), {});
      expect(raviHistory.items.map((e) => e.counterparty.label)).toEqual([
        'Asha Menon',
        'Asha Rao',
      ]);
    });
  });
}
