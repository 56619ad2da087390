import { describe, expect, it } from 'vitest';
import { expectRefusal, makeUser, type StoreFactory, storeEnv, T0, TestClock } from './helpers.ts';

export function contactContract(factory: StoreFactory): void {
  describe('contacts', () => {
    const env = storeEnv(factory);

    async function setup() {
      const store = await env.open({ now: new TestClock(T0, 1).now });
      const asha = await makeUser(store, 'Asha Rao');
      const ravi = await makeUser(store, 'Ravi Kumar');
      const meera = await makeUser(store, 'Meera Shah');
      return { store, asha, ravi, meera };
    }

    it('addContact stores the payee by account number', async () => {
      const { store, asha, ravi } = await setup();
      const c = await store.addContact({
        ownerId: asha.id,
        accountNumber: ravi.accountNumber,
        nickname: 'Ravi',
        relation: 'brother',
      });
      expect(c).toMatchObject({
        ownerId: asha.id,
        accountNumber: ravi.accountNumber,
        payeeId: ravi.id,
        nickname: 'Ravi',
        relation: 'brother',
      });
      expect(c.createdAt).toBeInstanceOf(Date);
      expect(await store.getContact(c.id, asha.id)).toEqual(c);
    });

    it('listContacts lists only the owner’s contacts, newest first', async () => {
      const { store, asha, ravi, meera } = await setup();
      const r = await store.addContact({
        ownerId: asha.id,
        accountNumber: ravi.accountNumber,
        nickname: 'R',
      });
      const m = await store.addContact({
        ownerId: asha.id,
        accountNumber: meera.accountNumber,
        nickname: 'M',
      });
      await store.addContact({
        ownerId: ravi.id,
        accountNumber: asha.accountNumber,
        nickname: 'A',
      });
      expect((await store.listContacts(asha.id)).map((c) => c.id)).toEqual([m.id, r.id]);
      expect(await store.listContacts(meera.id)).toEqual([]);
    });

    it('addContact refuses the same payee twice with DUPLICATE_CONTACT', async () => {
      const { store, asha, ravi } = await setup();
      await store.addContact({
        ownerId: asha.id,
        accountNumber: ravi.accountNumber,
        nickname: 'R',
      });
      await expectRefusal(
        store.addContact({
          ownerId: asha.id,
          accountNumber: ravi.accountNumber,
          nickname: 'Again',
        }),
        'DUPLICATE_CONTACT',
      );
      expect(await store.listContacts(asha.id)).toHaveLength(1);
    });

    it('two owners may each save the same payee', async () => {
      const { store, asha, ravi, meera } = await setup();
      await store.addContact({
        ownerId: asha.id,
        accountNumber: meera.accountNumber,
        nickname: 'M',
      });
      await store.addContact({
        ownerId: ravi.id,
        accountNumber: meera.accountNumber,
        nickname: 'M',
      });
      expect(await store.listContacts(ravi.id)).toHaveLength(1);
    });

    it('addContact refuses the owner’s own account with SELF_CONTACT', async () => {
      const { store, asha } = await setup();
      await expectRefusal(
        store.addContact({ ownerId: asha.id, accountNumber: asha.accountNumber, nickname: 'Me' }),
        'SELF_CONTACT',
      );
      expect(await store.listContacts(asha.id)).toEqual([]);
    });

    it('addContact refuses an unknown account number with ACCOUNT_NOT_FOUND', async () => {
      const { store, asha } = await setup();
      await expectRefusal(
        store.addContact({ ownerId: asha.id, accountNumber: 4242, nickname: 'Ghost' }),
        'ACCOUNT_NOT_FOUND',
      );
      expect(await store.listContacts(asha.id)).toEqual([]);
    });

    it('updateContact changes nickname and relation', async () => {
      const { store, asha, ravi } = await setup();
      const c = await store.addContact({
        ownerId: asha.id,
        accountNumber: ravi.accountNumber,
        nickname: 'R',
        relation: 'friend',
      });
      const nick = await store.updateContact(c.id, asha.id, { nickname: 'Ravi K' });
      expect(nick).toEqual({ ...c, nickname: 'Ravi K' });
      const rel = await store.updateContact(c.id, asha.id, { relation: 'cousin' });
      expect(rel).toEqual({ ...c, nickname: 'Ravi K', relation: 'cousin' });
      expect(await store.getContact(c.id, asha.id)).toEqual(rel);
    });

    it('removeContact deletes it, and the payee can be added again', async () => {
      const { store, asha, ravi } = await setup();
      const c = await store.addContact({
        ownerId: asha.id,
        accountNumber: ravi.accountNumber,
        nickname: 'R',
      });
      await store.removeContact(c.id, asha.id);
      expect(await store.getContact(c.id, asha.id)).toBeNull();
      expect(await store.listContacts(asha.id)).toEqual([]);
      await expectRefusal(store.removeContact(c.id, asha.id), 'CONTACT_NOT_FOUND');
      const again = await store.addContact({
        ownerId: asha.id,
        accountNumber: ravi.accountNumber,
        nickname: 'R2',
      });
      expect(again.nickname).toBe('R2');
    });

    it("another owner's contact is invisible: null, CONTACT_NOT_FOUND, untouched", async () => {
      const { store, asha, ravi, meera } = await setup();
      const c = await store.addContact({
        ownerId: asha.id,
        accountNumber: meera.accountNumber,
        nickname: 'M',
      });
      expect(await store.getContact(c.id, ravi.id)).toBeNull();
      await expectRefusal(
        store.updateContact(c.id, ravi.id, { nickname: 'Hacked' }),
        'CONTACT_NOT_FOUND',
      );
      await expectRefusal(store.removeContact(c.id, ravi.id), 'CONTACT_NOT_FOUND');
      expect(await store.getContact(c.id, asha.id)).toEqual(c);
    });

    it('unknown contact ids give null and CONTACT_NOT_FOUND', async () => {
      const { store, asha } = await setup();
      expect(await store.getContact('nope', asha.id)).toBeNull();
      await expectRefusal(
        store.updateContact('nope', asha.id, { nickname: 'x' }),
        'CONTACT_NOT_FOUND',
      );
    });
  });
}
