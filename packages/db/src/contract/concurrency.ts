import { describe, expect, it } from 'vitest';
import { SYSTEM_ACCOUNT, userAccount } from '../ids.ts';
import type { PostedTransfer, User } from '../types.ts';
import {
  allHistory,
  deposit,
  expectRefusedUnchanged,
  key,
  m,
  makeUser,
  newUserInput,
  post,
  type StoreFactory,
  send,
  storeEnv,
  T0,
  TestClock,
  withdraw,
} from './helpers.ts';
import { expectHistoryReplays, fulfilled, pick, prng, refusalCodes } from './settled.ts';

export function concurrencyContract(factory: StoreFactory): void {
  describe('concurrency', () => {
    const env = storeEnv(factory);
    // A ticking clock gives every write its own instant, so history order is unambiguous.
    const open = () => env.open({ now: new TestClock(T0, 1).now });

    it('400 concurrent random transfers among 5 accounts keep every invariant', async () => {
      const store = await open();
      const users: User[] = [];
      for (let i = 0; i < 5; i++) users.push(await makeUser(store, `User ${i}`));
      for (const u of users) await deposit(store, u, 20_000);
      const rand = prng(42);
      const attempts = Array.from({ length: 400 }, () => {
        const from = rand(5);
        const to = (from + 1 + rand(4)) % 5;
        return { from, to, amount: 1 + rand(15_000) };
      });
      const results = await Promise.allSettled(
        attempts.map((a) => send(store, pick(users, a.from), pick(users, a.to), a.amount)),
      );
      const done = fulfilled(results);
      const codes = refusalCodes(results);
      expect(new Set(codes)).toEqual(new Set(['INSUFFICIENT_FUNDS']));
      expect(done.length).toBeGreaterThan(0);
      for (const r of done) expect(r.transfer.debit.balanceAfter).toBeGreaterThanOrEqual(0);

      const report = await store.verifyLedger();
      expect(report).toMatchObject({
        ok: true,
        total: 0,
        problems: [],
        transfers: 5 + done.length,
      });
      const accounts = users.map((u) => userAccount(u.id));
      const balances = await Promise.all(accounts.map((a) => store.getBalance(a)));
      expect(balances.reduce((a, b) => a + b, 0)).toBe(100_000);
      for (const b of balances) expect(b).toBeGreaterThanOrEqual(0);
      for (const a of accounts) await expectHistoryReplays(store, a);
      const seen = new Set<string>();
      for (const a of accounts) for (const e of await allHistory(store, a)) seen.add(e.transfer.id);
      const posted = done.map((r) => r.transfer.id);
      for (const id of posted) expect(seen.has(id)).toBe(true);
      expect(seen.size).toBe(5 + posted.length);
    });

    it('concurrent withdrawals never overdraw one account', async () => {
      const store = await open();
      const asha = await makeUser(store);
      await deposit(store, asha, 10_000);
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, () => withdraw(store, asha, 300)),
      );
      expect(fulfilled(results)).toHaveLength(33);
      expect(refusalCodes(results)).toEqual(Array(17).fill('INSUFFICIENT_FUNDS'));
      expect(await store.getBalance(userAccount(asha.id))).toBe(100);
      await expectHistoryReplays(store, userAccount(asha.id));
      expect((await store.verifyLedger()).ok).toBe(true);
    });

    it('50 concurrent sign-ups get account numbers 1000..1049, unique and gapless', async () => {
      const store = await open();
      const users = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.createUser(newUserInput(`User ${i}`))),
      );
      const numbers = users.map((u) => u.accountNumber).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => 1000 + i));
      expect(new Set(users.map((u) => u.id)).size).toBe(50);
      for (const u of users) {
        expect((await store.findUserByAccountNumber(u.accountNumber))?.id).toBe(u.id);
        expect(await store.getBalance(userAccount(u.id))).toBe(0);
      }
    });

    it('concurrent sign-ups with one phone: one wins, the rest are PHONE_TAKEN, no number is lost', async () => {
      const store = await open();
      const input = newUserInput('Same Phone');
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () => store.createUser(input)),
      );
      expect(fulfilled(results).map((u) => u.accountNumber)).toEqual([1000]);
      expect(refusalCodes(results)).toEqual(Array(9).fill('PHONE_TAKEN'));
      expect((await makeUser(store, 'Next')).accountNumber).toBe(1001);
    });

    it('one idempotency key sent 50 times at once posts one transfer; every answer has its id', async () => {
      const store = await open();
      const asha = await makeUser(store, 'Asha Rao');
      const ravi = await makeUser(store, 'Ravi Kumar');
      await deposit(store, asha, 10_000);
      const k = key();
      const results = await Promise.all(
        Array.from({ length: 50 }, () =>
          post(store, 'transfer', userAccount(asha.id), userAccount(ravi.id), 700, asha, {
            idempotencyKey: k,
            note: 'rent',
          }),
        ),
      );
      const first = results.find((r) => !r.replayed) as PostedTransfer;
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      for (const r of results) expect(r.transfer).toEqual(first.transfer);
      expect(await store.getBalance(userAccount(asha.id))).toBe(9300);
      expect(await store.getBalance(userAccount(ravi.id))).toBe(700);
      expect(await store.verifyLedger()).toMatchObject({ ok: true, transfers: 2 });
    });

    it('one key with two different amounts at once: one transfer, the others IDEMPOTENCY_CONFLICT', async () => {
      const store = await open();
      const asha = await makeUser(store, 'Asha Rao');
      await deposit(store, asha, 10_000);
      const k = key();
      const amounts = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 100 : 200));
      const results = await Promise.allSettled(
        amounts.map((amount) =>
          post(store, 'withdrawal', userAccount(asha.id), SYSTEM_ACCOUNT, amount, asha, {
            idempotencyKey: k,
          }),
        ),
      );
      const ok = fulfilled(results);
      const winner = ok[0]?.transfer;
      expect(winner).toBeDefined();
      for (const r of ok) expect(r.transfer).toEqual(winner);
      expect(ok).toHaveLength(20);
      expect(refusalCodes(results)).toEqual(Array(20).fill('IDEMPOTENCY_CONFLICT'));
      expect(await store.getBalance(userAccount(asha.id))).toBe(10_000 - (winner?.amount ?? 0));
      // And once settled, the other amount is still refused and changes nothing.
      await expectRefusedUnchanged(store, [userAccount(asha.id)], 'IDEMPOTENCY_CONFLICT', () =>
        post(
          store,
          'withdrawal',
          userAccount(asha.id),
          SYSTEM_ACCOUNT,
          300 - (winner?.amount ?? 0),
          asha,
          {
            idempotencyKey: k,
          },
        ),
      );
    });

    it('closing one goal concurrently refunds it once', async () => {
      const store = await open();
      const asha = await makeUser(store, 'Asha Rao');
      await deposit(store, asha, 10_000);
      const goal = await store.createGoal({
        ownerId: asha.id,
        name: 'Bike',
        targetAmount: m(5000),
      });
      await post(store, 'goal_deposit', userAccount(asha.id), `g:${goal.id}`, 4000, asha);
      const k = key();
      const sameKey = await Promise.all(
        Array.from({ length: 10 }, () =>
          store.closeGoal({ goalId: goal.id, ownerId: asha.id, idempotencyKey: k }),
        ),
      );
      expect(sameKey.filter((r) => !r.replayed)).toHaveLength(1);
      for (const r of sameKey) expect(r).toMatchObject({ refunded: 4000, balance: 10_000 });
      const otherKeys = await Promise.allSettled(
        Array.from({ length: 5 }, () =>
          store.closeGoal({ goalId: goal.id, ownerId: asha.id, idempotencyKey: key() }),
        ),
      );
      expect(refusalCodes(otherKeys)).toEqual(Array(5).fill('GOAL_CLOSED'));
      expect(await store.getBalance(userAccount(asha.id))).toBe(10_000);
      expect(await store.verifyLedger()).toMatchObject({ ok: true, transfers: 3 });
    });
  });
}
