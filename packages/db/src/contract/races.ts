import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { goalAccount, userAccount } from '../ids.ts';
import type { ClosedGoal } from '../types.ts';
import {
  deposit,
  key,
  m,
  makeUser,
  post,
  type StoreFactory,
  storeEnv,
  T0,
  TestClock,
} from './helpers.ts';

/** Different operations racing on one record: whatever order wins, no money is lost. */
export function raceContract(factory: StoreFactory): void {
  describe('races', () => {
    const env = storeEnv(factory);

    async function goalSetup(saved: number) {
      const store = await env.open({ now: new TestClock(T0, 1).now });
      const asha = await makeUser(store);
      await deposit(store, asha, 10_000);
      const goal = await store.createGoal({ ownerId: asha.id, name: 'Bike', targetAmount: m(9) });
      const main = userAccount(asha.id);
      const ga = goalAccount(goal.id);
      if (saved > 0) await post(store, 'goal_deposit', main, ga, saved, asha);
      return { store, asha, goal, main, ga };
    }

    function codesOf(results: PromiseSettledResult<unknown>[]): string[] {
      return results.flatMap((r) => {
        if (r.status === 'fulfilled') return [];
        expect(r.reason).toBeInstanceOf(DomainError);
        return [(r.reason as DomainError).code];
      });
    }

    it('goal deposits racing the close: each is refunded or refused, none is stranded', async () => {
      const { store, asha, goal, main, ga } = await goalSetup(0);
      const ops: Promise<unknown>[] = [];
      let close: Promise<ClosedGoal> | undefined;
      for (let i = 0; i < 20; i++) {
        if (i === 10) {
          close = store.closeGoal({ goalId: goal.id, ownerId: asha.id, idempotencyKey: key() });
          ops.push(close);
        }
        ops.push(post(store, 'goal_deposit', main, ga, 100, asha));
      }
      const results = await Promise.allSettled(ops);
      const closed = await close;
      const deposited = results.filter((r) => r.status === 'fulfilled').length - 1;
      expect(new Set(codesOf(results))).toEqual(new Set(deposited < 20 ? ['GOAL_CLOSED'] : []));
      expect(closed?.refunded).toBe(100 * deposited);
      expect(await store.getBalance(main)).toBe(10_000);
      expect(await store.getBalance(ga)).toBe(0);
      expect((await store.getGoal(goal.id))?.status).toBe('closed');
      expect((await store.verifyLedger()).ok).toBe(true);
    });

    it('goal withdrawals racing the close: the saved money comes back exactly once', async () => {
      const { store, asha, goal, main, ga } = await goalSetup(2000);
      const withdrawals = Array.from({ length: 10 }, () =>
        post(store, 'goal_withdrawal', ga, main, 300, asha),
      );
      const close = store.closeGoal({ goalId: goal.id, ownerId: asha.id, idempotencyKey: key() });
      const results = await Promise.allSettled(withdrawals);
      const { refunded } = await close;
      const withdrawn = results.filter((r) => r.status === 'fulfilled').length;
      for (const c of codesOf(results)) expect(['GOAL_CLOSED', 'INSUFFICIENT_FUNDS']).toContain(c);
      expect(refunded + 300 * withdrawn).toBe(2000);
      expect(await store.getBalance(main)).toBe(10_000);
      expect(await store.getBalance(ga)).toBe(0);
      expect((await store.verifyLedger()).ok).toBe(true);
    });

    it('the same payee added 10 times at once is saved once', async () => {
      const store = await env.open();
      const asha = await makeUser(store, 'Asha Rao');
      const ravi = await makeUser(store, 'Ravi Kumar');
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          store.addContact({
            ownerId: asha.id,
            accountNumber: ravi.accountNumber,
            nickname: `R${i}`,
          }),
        ),
      );
      expect(codesOf(results)).toEqual(Array(9).fill('DUPLICATE_CONTACT'));
      expect(await store.listContacts(asha.id)).toHaveLength(1);
    });
  });
}
