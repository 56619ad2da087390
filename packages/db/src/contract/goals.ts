import { describe, expect, it } from 'vitest';
import { goalAccount, userAccount } from '../ids.ts';
import {
  allHistory,
  deposit,
  expectRefusal,
  expectRefusedUnchanged,
  key,
  m,
  makeUser,
  post,
  type StoreFactory,
  storeEnv,
  T0,
  TestClock,
} from './helpers.ts';

export function goalContract(factory: StoreFactory): void {
  describe('goals', () => {
    const env = storeEnv(factory);

    async function setup() {
      const store = await env.open({ now: new TestClock(T0, 1).now });
      const asha = await makeUser(store, 'Asha Rao');
      const ravi = await makeUser(store, 'Ravi Kumar');
      await deposit(store, asha, 10_000);
      return { store, asha, ravi, main: userAccount(asha.id) };
    }

    it('createGoal opens an active goal with an empty ledger account', async () => {
      const { store, asha } = await setup();
      const goal = await store.createGoal({
        ownerId: asha.id,
        name: 'Bike',
        targetAmount: m(50_000),
        color: '#ff0000',
        description: 'a red one',
        targetDate: new Date(T0 + 1e9),
      });
      expect(goal).toMatchObject({
        ownerId: asha.id,
        name: 'Bike',
        targetAmount: 50_000,
        savedAmount: 0,
        color: '#ff0000',
        description: 'a red one',
        targetDate: new Date(T0 + 1e9),
        status: 'active',
        closedAt: null,
      });
      expect(goal.createdAt).toBeInstanceOf(Date);
      expect(await store.getGoal(goal.id)).toEqual(goal);
      expect(await store.getBalance(goalAccount(goal.id))).toBe(0);
    });

    it('createGoal defaults description to empty and targetDate to null', async () => {
      const { store, asha } = await setup();
      const goal = await store.createGoal({ ownerId: asha.id, name: 'Trip', targetAmount: m(1) });
      expect(goal.description).toBe('');
      expect(goal.targetDate).toBeNull();
      expect(typeof goal.color).toBe('string');
    });

    it('getGoal of an unknown id returns null', async () => {
      const { store } = await setup();
      expect(await store.getGoal('nope')).toBeNull();
    });

    it('listGoals lists the owner’s goals newest first and leaves closed ones out unless asked', async () => {
      const { store, asha, ravi } = await setup();
      const a = await store.createGoal({ ownerId: asha.id, name: 'A', targetAmount: m(1) });
      const b = await store.createGoal({ ownerId: asha.id, name: 'B', targetAmount: m(1) });
      const c = await store.createGoal({ ownerId: asha.id, name: 'C', targetAmount: m(1) });
      await store.createGoal({ ownerId: ravi.id, name: 'Ravi', targetAmount: m(1) });
      await store.closeGoal({ goalId: b.id, ownerId: asha.id, idempotencyKey: key() });
      expect((await store.listGoals(asha.id)).map((g) => g.id)).toEqual([c.id, a.id]);
      const all = await store.listGoals(asha.id, { includeClosed: true });
      expect(all.map((g) => [g.id, g.status])).toEqual([
        [c.id, 'active'],
        [b.id, 'closed'],
        [a.id, 'active'],
      ]);
    });

    it('savedAmount follows the goal balance', async () => {
      const { store, asha, main } = await setup();
      const goal = await store.createGoal({ ownerId: asha.id, name: 'Bike', targetAmount: m(9) });
      await post(store, 'goal_deposit', main, goalAccount(goal.id), 700, asha);
      await post(store, 'goal_withdrawal', goalAccount(goal.id), main, 200, asha);
      expect((await store.getGoal(goal.id))?.savedAmount).toBe(500);
      expect((await store.listGoals(asha.id))[0]?.savedAmount).toBe(500);
    });

    it('updateGoal changes the given fields only and can clear the target date', async () => {
      const { store, asha } = await setup();
      const goal = await store.createGoal({
        ownerId: asha.id,
        name: 'Bike',
        targetAmount: m(100),
        description: 'd',
        targetDate: new Date(T0 + 5e8),
      });
      const updated = await store.updateGoal(goal.id, asha.id, {
        name: 'Car',
        targetAmount: m(900),
        color: '#00ff00',
        targetDate: null,
      });
      expect(updated).toEqual({
        ...goal,
        name: 'Car',
        targetAmount: 900,
        color: '#00ff00',
        targetDate: null,
      });
      expect(await store.getGoal(goal.id)).toEqual(updated);
    });

    it('a renamed goal labels later transfers with the new name and keeps earlier labels', async () => {
      const { store, asha, main } = await setup();
      const goal = await store.createGoal({ ownerId: asha.id, name: 'Bike', targetAmount: m(9) });
      const ga = goalAccount(goal.id);
      const before = await post(store, 'goal_deposit', main, ga, 100, asha);
      await store.updateGoal(goal.id, asha.id, { name: 'Car' });
      const after = await post(store, 'goal_deposit', main, ga, 100, asha);
      expect(after.transfer.credit.label).toBe('Car');
      expect((await store.getTransfer(before.transfer.id))?.credit.label).toBe('Bike');
      const labels = (await allHistory(store, main)).map((e) => e.counterparty.label);
      expect(labels.slice(0, 2)).toEqual(['Car', 'Bike']);
    });

    it("updateGoal of another owner's goal is refused with GOAL_NOT_FOUND", async () => {
      const { store, asha, ravi } = await setup();
      const goal = await store.createGoal({ ownerId: asha.id, name: 'Bike', targetAmount: m(1) });
      await expectRefusal(store.updateGoal(goal.id, ravi.id, { name: 'Mine' }), 'GOAL_NOT_FOUND');
      await expectRefusal(store.updateGoal('nope', asha.id, { name: 'X' }), 'GOAL_NOT_FOUND');
      expect((await store.getGoal(goal.id))?.name).toBe('Bike');
    });

    it('updateGoal of a closed goal is refused with GOAL_CLOSED', async () => {
      const { store, asha } = await setup();
      const goal = await store.createGoal({ ownerId: asha.id, name: 'Bike', targetAmount: m(1) });
      await store.closeGoal({ goalId: goal.id, ownerId: asha.id, idempotencyKey: key() });
      await expectRefusal(store.updateGoal(goal.id, asha.id, { name: 'X' }), 'GOAL_CLOSED');
    });

    describe('closeGoal', () => {
      async function savedGoal() {
        const s = await setup();
        const goal = await s.store.createGoal({
          ownerId: s.asha.id,
          name: 'Bike',
          targetAmount: m(9),
        });
        const ga = goalAccount(goal.id);
        await post(s.store, 'goal_deposit', s.main, ga, 3000, s.asha);
        await post(s.store, 'goal_withdrawal', ga, s.main, 500, s.asha);
        return { ...s, goal, ga, accounts: [s.main, ga, userAccount(s.ravi.id)] };
      }

      it('refunds exactly the saved amount to the main account and closes the goal', async () => {
        const { store, asha, main, goal, ga } = await savedGoal();
        const res = await store.closeGoal({
          goalId: goal.id,
          ownerId: asha.id,
          idempotencyKey: key(),
        });
        expect(res).toMatchObject({ refunded: 2500, balance: 10_000, replayed: false });
        expect(res.goal).toMatchObject({ id: goal.id, status: 'closed', savedAmount: 0 });
        expect(res.goal.closedAt).toBeInstanceOf(Date);
        expect(res.transfer).toMatchObject({
          kind: 'goal_refund',
          amount: 2500,
          initiatorId: asha.id,
          debit: { account: ga, balanceAfter: 0, label: 'Bike' },
          credit: { account: main, balanceAfter: 10_000 },
        });
        expect(await store.getBalance(main)).toBe(10_000);
        expect(await store.getBalance(ga)).toBe(0);
        expect(await store.getGoal(goal.id)).toEqual(res.goal);
        const [latest] = await allHistory(store, main);
        expect(latest).toMatchObject({ amount: 2500, balanceAfter: 10_000 });
        expect(latest?.transfer.id).toBe(res.transfer?.id);
        expect((await store.verifyLedger()).ok).toBe(true);
      });

      it('closing refunds savings larger than one operation may move', async () => {
        const store = await env.open({ now: new TestClock(T0, 1).now, maxAmount: m(1000) });
        const asha = await makeUser(store, 'Asha Rao');
        const main = userAccount(asha.id);
        for (let i = 0; i < 3; i++) await deposit(store, asha, 1000);
        const goal = await store.createGoal({
          ownerId: asha.id,
          name: 'Car',
          targetAmount: m(5000),
        });
        for (let i = 0; i < 3; i++) {
          await post(store, 'goal_deposit', main, goalAccount(goal.id), 1000, asha);
        }
        const res = await store.closeGoal({
          goalId: goal.id,
          ownerId: asha.id,
          idempotencyKey: key(),
        });
        expect(res).toMatchObject({ refunded: 3000, balance: 3000, replayed: false });
        expect((await store.verifyLedger()).ok).toBe(true);
      });

      it('a replay with the same key returns the same result with replayed=true and refunds nothing more', async () => {
        const { store, asha, goal, accounts } = await savedGoal();
        const input = { goalId: goal.id, ownerId: asha.id, idempotencyKey: key() };
        const first = await store.closeGoal(input);
        const before = await Promise.all(accounts.map((a) => store.getBalance(a)));
        const again = await store.closeGoal(input);
        expect(again).toMatchObject({ refunded: 2500, balance: first.balance, replayed: true });
        expect(again.transfer?.id).toBe(first.transfer?.id);
        expect(again.goal.status).toBe('closed');
        expect(await Promise.all(accounts.map((a) => store.getBalance(a)))).toEqual(before);
        expect((await store.verifyLedger()).transfers).toBe(4);
      });

      it('closing an already closed goal with another key is refused with GOAL_CLOSED', async () => {
        const { store, asha, goal, accounts } = await savedGoal();
        await store.closeGoal({ goalId: goal.id, ownerId: asha.id, idempotencyKey: key() });
        await expectRefusedUnchanged(store, accounts, 'GOAL_CLOSED', () =>
          store.closeGoal({ goalId: goal.id, ownerId: asha.id, idempotencyKey: key() }),
        );
      });

      it("closing another owner's goal is refused with GOAL_NOT_FOUND", async () => {
        const { store, ravi, goal, accounts } = await savedGoal();
        await expectRefusedUnchanged(store, accounts, 'GOAL_NOT_FOUND', () =>
          store.closeGoal({ goalId: goal.id, ownerId: ravi.id, idempotencyKey: key() }),
        );
        expect((await store.getGoal(goal.id))?.status).toBe('active');
        await expectRefusal(
          store.closeGoal({ goalId: 'nope', ownerId: ravi.id, idempotencyKey: key() }),
          'GOAL_NOT_FOUND',
        );
      });

      it('closing an empty goal refunds 0 with no transfer, and its replay says replayed', async () => {
        const { store, asha } = await setup();
        const goal = await store.createGoal({
          ownerId: asha.id,
          name: 'Empty',
          targetAmount: m(9),
        });
        const input = { goalId: goal.id, ownerId: asha.id, idempotencyKey: key() };
        const res = await store.closeGoal(input);
        expect(res).toMatchObject({
          refunded: 0,
          transfer: null,
          balance: 10_000,
          replayed: false,
        });
        expect(res.goal.status).toBe('closed');
        expect((await store.verifyLedger()).transfers).toBe(1);
        const again = await store.closeGoal(input);
        expect(again).toMatchObject({ refunded: 0, transfer: null, replayed: true });
      });

      it('deposits into and withdrawals from a closed goal are refused with GOAL_CLOSED', async () => {
        const { store, asha, main, goal, ga, accounts } = await savedGoal();
        await store.closeGoal({ goalId: goal.id, ownerId: asha.id, idempotencyKey: key() });
        await expectRefusedUnchanged(store, accounts, 'GOAL_CLOSED', () =>
          post(store, 'goal_deposit', main, ga, 100, asha),
        );
        await expectRefusedUnchanged(store, accounts, 'GOAL_CLOSED', () =>
          post(store, 'goal_withdrawal', ga, main, 1, asha),
        );
      });
    });
  });
}
