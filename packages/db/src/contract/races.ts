import { describe, expect, it } from 'vitest';
import { goalAccount, type LedgerAccountId, SYSTEM_ACCOUNT, userAccount } from '../ids.ts';
import type { ClosedGoal, Goal, PostTransferInput, User } from '../types.ts';
import {
  deposit,
  key,
  m,
  makeUser,
  post,
  rawAmount,
  type StoreFactory,
  storeEnv,
  T0,
  TestClock,
} from './helpers.ts';
import { expectHistoryReplays, fulfilled, pick, prng, refusalCodes } from './settled.ts';

/** Different operations racing on the same records: whatever order wins, no money is lost. */
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
      expect(new Set(refusalCodes(results))).toEqual(
        new Set(deposited < 20 ? ['GOAL_CLOSED'] : []),
      );
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
      for (const c of refusalCodes(results))
        expect(['GOAL_CLOSED', 'INSUFFICIENT_FUNDS']).toContain(c);
      expect(refunded + 300 * withdrawn).toBe(2000);
      expect(await store.getBalance(main)).toBe(10_000);
      expect(await store.getBalance(ga)).toBe(0);
      expect((await store.verifyLedger()).ok).toBe(true);
    });

    it('a mixed concurrent workload keeps every invariant', async () => {
      const store = await env.open({ now: new TestClock(T0, 1).now });
      const users: User[] = [];
      for (let i = 0; i < 4; i++) users.push(await makeUser(store, `User ${i}`));
      for (const u of users) await deposit(store, u, 5_000);
      const goals: Goal[] = [];
      for (const u of users)
        goals.push(await store.createGoal({ ownerId: u.id, name: 'G', targetAmount: m(1) }));
      const rand = prng(7);
      const requests: PostTransferInput[] = Array.from({ length: 300 }, () => {
        const i = rand(4);
        const u = pick(users, i);
        const main = userAccount(u.id);
        const ga = goalAccount(pick(goals, i).id);
        const other = userAccount(pick(users, (i + 1 + rand(3)) % 4).id);
        const legs: [PostTransferInput['kind'], LedgerAccountId, LedgerAccountId][] = [
          ['deposit', SYSTEM_ACCOUNT, main],
          ['withdrawal', main, SYSTEM_ACCOUNT],
          ['transfer', main, other],
          ['goal_deposit', main, ga],
          ['goal_withdrawal', ga, main],
        ];
        const [kind, debit, credit] = pick(legs, rand(legs.length));
        const amount = 1 + rand(3_000);
        return {
          kind,
          debit,
          credit,
          amount: rawAmount(amount),
          initiatorId: u.id,
          idempotencyKey: key(),
        };
      });
      const results = await Promise.allSettled(requests.map((r) => store.postTransfer(r)));
      const done = fulfilled(results).map((r) => r.transfer);
      expect(new Set(refusalCodes(results))).toEqual(new Set(['INSUFFICIENT_FUNDS']));
      const net = done.reduce(
        (sum, t) =>
          sum + (t.kind === 'deposit' ? t.amount : t.kind === 'withdrawal' ? -t.amount : 0),
        20_000,
      );
      const accounts = [
        ...users.map((u) => userAccount(u.id)),
        ...goals.map((g) => goalAccount(g.id)),
      ];
      const balances = await Promise.all(accounts.map((a) => store.getBalance(a)));
      for (const b of balances) expect(b).toBeGreaterThanOrEqual(0);
      expect(balances.reduce((a, b) => a + b, 0)).toBe(net);
      expect(await store.getBalance(SYSTEM_ACCOUNT)).toBe(-net);
      expect(await store.verifyLedger()).toMatchObject({
        ok: true,
        total: 0,
        transfers: 4 + done.length,
      });
      for (const a of accounts) await expectHistoryReplays(store, a);
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
      expect(refusalCodes(results)).toEqual(Array(9).fill('DUPLICATE_CONTACT'));
      expect(await store.listContacts(asha.id)).toHaveLength(1);
    });
  });
}
