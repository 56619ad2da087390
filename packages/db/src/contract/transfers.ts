import { describe, expect, it } from 'vitest';
import { cashAccountFor } from '../cash.ts';
import { DEFAULT_MAX_AMOUNT } from '../constants.ts';
import { goalAccount, SYSTEM_ACCOUNT, userAccount } from '../ids.ts';
import type { Store } from '../store.ts';
import type { User } from '../types.ts';
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
  send,
  storeEnv,
  T0,
  TestClock,
  withdraw,
} from './helpers.ts';

export function transferContract(factory: StoreFactory): void {
  describe('transfers', () => {
    const env = storeEnv(factory);

    /** Two users; Asha holds 10,000. A ticking clock keeps history order unambiguous. */
    async function twoUsers(opts: { maxAmount?: number } = {}) {
      const store = await env.open({
        now: new TestClock(T0, 1).now,
        ...(opts.maxAmount === undefined ? {} : { maxAmount: m(opts.maxAmount) }),
      });
      const asha = await makeUser(store, 'Asha Rao');
      const ravi = await makeUser(store, 'Ravi Kumar');
      await deposit(store, asha, 10_000);
      const accounts = [userAccount(asha.id), userAccount(ravi.id)];
      return { store, asha, ravi, accounts };
    }

    it('a deposit moves money from the cash account into the user account', async () => {
      const store = await env.open();
      const asha = await makeUser(store, 'Asha Rao');
      const k = key();
      const res = await post(store, 'deposit', SYSTEM_ACCOUNT, userAccount(asha.id), 2500, asha, {
        note: 'salary',
        idempotencyKey: k,
      });
      expect(res.replayed).toBe(false);
      const t = res.transfer;
      expect(t).toMatchObject({
        kind: 'deposit',
        amount: 2500,
        note: 'salary',
        initiatorId: asha.id,
        idempotencyKey: k,
        debit: {
          // The cash side is Asha's cash sub-account (cash.ts); it held nothing before.
          account: cashAccountFor(userAccount(asha.id)),
          balanceAfter: -2500,
          label: 'Cash',
          accountNumber: null,
          ownerId: null,
        },
        credit: {
          account: userAccount(asha.id),
          balanceAfter: 2500,
          label: 'Asha Rao',
          accountNumber: 1000,
          ownerId: asha.id,
        },
      });
      expect(t.createdAt).toBeInstanceOf(Date);
      expect(await store.getBalance(userAccount(asha.id))).toBe(2500);
      expect(await store.getBalance(SYSTEM_ACCOUNT)).toBe(-2500);
      expect(await store.getTransfer(t.id)).toEqual(t);
      const report = await store.verifyLedger();
      expect(report).toMatchObject({ ok: true, total: 0, transfers: 1, problems: [] });
    });

    it('a transfer without a note stores an empty note', async () => {
      const { store, asha } = await twoUsers();
      const res = await withdraw(store, asha, 10);
      expect(res.transfer.note).toBe('');
    });

    it('a withdrawal moves money from the user account to the cash account', async () => {
      const { store, asha } = await twoUsers();
      const { transfer: t } = await withdraw(store, asha, 2500, 'atm');
      expect(t).toMatchObject({
        kind: 'withdrawal',
        amount: 2500,
        debit: { account: userAccount(asha.id), balanceAfter: 7500, label: 'Asha Rao' },
        credit: {
          account: cashAccountFor(userAccount(asha.id)),
          balanceAfter: -7500,
          label: 'Cash',
          ownerId: null,
        },
      });
      expect(await store.getBalance(userAccount(asha.id))).toBe(7500);
      expect((await store.verifyLedger()).ok).toBe(true);
    });

    it('lifetime totals on the account equal the history summed, and the cash total sums its parts', async () => {
      const { store, asha, ravi } = await twoUsers();
      await send(store, asha, ravi, 3000);
      await withdraw(store, asha, 500);
      await deposit(store, ravi, 250);
      const forever = [{ from: new Date(0), to: new Date(8.64e15) }];
      for (const user of [asha, ravi]) {
        const account = userAccount(user.id);
        const [summed] = await store.flowSums(account, forever);
        expect(await store.getAccountTotals(account)).toEqual({
          balance: await store.getBalance(account),
          ...summed,
        });
      }
      expect(await store.getAccountTotals(userAccount(asha.id))).toEqual({
        balance: 6500,
        income: 10_000,
        expense: -3500,
      });
      expect(await store.getBalance(SYSTEM_ACCOUNT)).toBe(-(10_000 - 500 + 250));
      await expect(store.getAccountTotals(userAccount('nobody'))).rejects.toMatchObject({
        code: 'ACCOUNT_NOT_FOUND',
      });
    });

    it('a withdrawal of the whole balance leaves exactly zero', async () => {
      const { store, asha } = await twoUsers();
      await withdraw(store, asha, 10_000);
      expect(await store.getBalance(userAccount(asha.id))).toBe(0);
    });

    it('a transfer between users records both sides and each side sees its own signed amount', async () => {
      const { store, asha, ravi } = await twoUsers();
      const { transfer: t } = await send(store, asha, ravi, 3000, 'rent');
      expect(t).toMatchObject({
        kind: 'transfer',
        amount: 3000,
        note: 'rent',
        debit: {
          account: userAccount(asha.id),
          balanceAfter: 7000,
          label: 'Asha Rao',
          accountNumber: 1000,
          ownerId: asha.id,
        },
        credit: {
          account: userAccount(ravi.id),
          balanceAfter: 3000,
          label: 'Ravi Kumar',
          accountNumber: 1001,
          ownerId: ravi.id,
        },
      });
      const [mine] = (await store.listHistory(userAccount(asha.id), { limit: 1 })).items;
      const [theirs] = (await store.listHistory(userAccount(ravi.id), { limit: 1 })).items;
      expect(mine).toMatchObject({ amount: -3000, balanceAfter: 7000 });
      expect(mine?.counterparty).toMatchObject({ label: 'Ravi Kumar', accountNumber: 1001 });
      expect(mine?.transfer.id).toBe(t.id);
      expect(theirs).toMatchObject({ amount: 3000, balanceAfter: 3000 });
      expect(theirs?.counterparty).toMatchObject({ label: 'Asha Rao', accountNumber: 1000 });
      expect(theirs?.transfer.id).toBe(t.id);
      expect(await store.getBalance(userAccount(ravi.id))).toBe(3000);
      expect((await store.verifyLedger()).ok).toBe(true);
    });

    it('goal deposits and withdrawals move money between the main account and the goal', async () => {
      const { store, asha } = await twoUsers();
      const goal = await store.createGoal({
        ownerId: asha.id,
        name: 'Bike',
        targetAmount: m(50_000),
      });
      const ga = goalAccount(goal.id);
      const dep = await post(store, 'goal_deposit', userAccount(asha.id), ga, 4000, asha);
      expect(dep.transfer).toMatchObject({
        kind: 'goal_deposit',
        debit: { account: userAccount(asha.id), balanceAfter: 6000 },
        credit: {
          account: ga,
          balanceAfter: 4000,
          label: 'Bike',
          accountNumber: null,
          ownerId: asha.id,
        },
      });
      const wd = await post(store, 'goal_withdrawal', ga, userAccount(asha.id), 1500, asha);
      expect(wd.transfer).toMatchObject({
        kind: 'goal_withdrawal',
        debit: { account: ga, balanceAfter: 2500, label: 'Bike' },
        credit: { account: userAccount(asha.id), balanceAfter: 7500 },
      });
      expect(await store.getBalance(ga)).toBe(2500);
      expect((await store.getGoal(goal.id))?.savedAmount).toBe(2500);
      const goalHistory = await allHistory(store, ga);
      expect(goalHistory.map((e) => e.amount)).toEqual([-1500, 4000]);
      expect((await store.verifyLedger()).ok).toBe(true);
    });

    it('getBalance refuses an unknown account with ACCOUNT_NOT_FOUND', async () => {
      const { store } = await twoUsers();
      await expectRefusal(store.getBalance('u:nobody'), 'ACCOUNT_NOT_FOUND');
      await expectRefusal(store.getBalance('g:nothing'), 'ACCOUNT_NOT_FOUND');
    });

    it('getTransfer of an unknown id returns null', async () => {
      const { store } = await twoUsers();
      expect(await store.getTransfer('nope')).toBeNull();
    });

    describe('refusals change nothing', () => {
      it('a transfer above the balance is refused with INSUFFICIENT_FUNDS', async () => {
        const { store, asha, ravi, accounts } = await twoUsers();
        await expectRefusedUnchanged(store, accounts, 'INSUFFICIENT_FUNDS', () =>
          send(store, asha, ravi, 10_001),
        );
      });

      it('a withdrawal above the balance is refused with INSUFFICIENT_FUNDS', async () => {
        const { store, ravi, accounts } = await twoUsers();
        await expectRefusedUnchanged(store, accounts, 'INSUFFICIENT_FUNDS', () =>
          withdraw(store, ravi, 1),
        );
      });

      it('a goal withdrawal above the saved amount is refused with INSUFFICIENT_FUNDS', async () => {
        const { store, asha, accounts } = await twoUsers();
        const goal = await store.createGoal({ ownerId: asha.id, name: 'Bike', targetAmount: m(9) });
        const ga = goalAccount(goal.id);
        await post(store, 'goal_deposit', userAccount(asha.id), ga, 100, asha);
        await expectRefusedUnchanged(store, [...accounts, ga], 'INSUFFICIENT_FUNDS', () =>
          post(store, 'goal_withdrawal', ga, userAccount(asha.id), 101, asha),
        );
      });

      it('a transfer to an unknown account is refused with ACCOUNT_NOT_FOUND', async () => {
        const { store, asha, accounts } = await twoUsers();
        await expectRefusedUnchanged(store, accounts, 'ACCOUNT_NOT_FOUND', () =>
          post(store, 'transfer', userAccount(asha.id), 'u:nobody', 100, asha),
        );
        await expectRefusedUnchanged(store, accounts, 'ACCOUNT_NOT_FOUND', () =>
          post(store, 'goal_withdrawal', 'g:nothing', userAccount(asha.id), 100, asha),
        );
      });

      it('a transfer to the same account is refused with SELF_TRANSFER', async () => {
        const { store, asha, accounts } = await twoUsers();
        await expectRefusedUnchanged(store, accounts, 'SELF_TRANSFER', () =>
          send(store, asha, asha, 100),
        );
      });

      it('a deposit into a closed goal is refused with GOAL_CLOSED', async () => {
        const { store, asha, accounts } = await twoUsers();
        const goal = await store.createGoal({ ownerId: asha.id, name: 'Trip', targetAmount: m(9) });
        await store.closeGoal({ goalId: goal.id, ownerId: asha.id, idempotencyKey: key() });
        await expectRefusedUnchanged(
          store,
          [...accounts, goalAccount(goal.id)],
          'GOAL_CLOSED',
          () => post(store, 'goal_deposit', userAccount(asha.id), goalAccount(goal.id), 100, asha),
        );
      });

      for (const [label, amount] of [
        ['zero', 0],
        ['a negative amount', -5],
        ['a fractional amount', 1.5],
        ['NaN', Number.NaN],
        ['Infinity', Number.POSITIVE_INFINITY],
        ['an amount above maxAmount', 50_001],
      ] as const) {
        it(`${label} is refused with INVALID_AMOUNT`, async () => {
          const { store, asha, ravi, accounts } = await twoUsers({ maxAmount: 50_000 });
          await expectRefusedUnchanged(store, accounts, 'INVALID_AMOUNT', () =>
            send(store, asha, ravi, amount),
          );
          await expectRefusedUnchanged(store, accounts, 'INVALID_AMOUNT', () =>
            deposit(store, asha, amount),
          );
        });
      }

      it('an amount equal to maxAmount is accepted', async () => {
        const { store, asha } = await twoUsers({ maxAmount: 50_000 });
        const res = await deposit(store, asha, 50_000);
        expect(res.transfer.credit.balanceAfter).toBe(60_000);
      });

      it('without maxAmount the default bound applies', async () => {
        const store = await env.open();
        const asha = await makeUser(store);
        await deposit(store, asha, DEFAULT_MAX_AMOUNT);
        await expectRefusedUnchanged(store, [userAccount(asha.id)], 'INVALID_AMOUNT', () =>
          deposit(store, asha, DEFAULT_MAX_AMOUNT + 1),
        );
      });
    });

    describe('idempotency', () => {
      async function firstTransfer(store: Store, asha: User, ravi: User, idempotencyKey: string) {
        return post(store, 'transfer', userAccount(asha.id), userAccount(ravi.id), 1000, asha, {
          note: 'dinner',
          idempotencyKey,
        });
      }

      it('the same key and request returns the first transfer with replayed=true and moves nothing', async () => {
        const { store, asha, ravi, accounts } = await twoUsers();
        const k = key();
        const first = await firstTransfer(store, asha, ravi, k);
        const before = await Promise.all(accounts.map((a) => store.getBalance(a)));
        const again = await firstTransfer(store, asha, ravi, k);
        expect(again.replayed).toBe(true);
        expect(again.transfer).toEqual(first.transfer);
        expect(await Promise.all(accounts.map((a) => store.getBalance(a)))).toEqual(before);
        expect((await allHistory(store, userAccount(asha.id))).length).toBe(2);
        expect((await store.verifyLedger()).transfers).toBe(2);
      });

      it('a replay returns the first result even when the request would now be refused', async () => {
        const { store, asha } = await twoUsers();
        const k = key();
        const first = await post(
          store,
          'withdrawal',
          userAccount(asha.id),
          SYSTEM_ACCOUNT,
          10_000,
          asha,
          {
            idempotencyKey: k,
          },
        );
        const again = await post(
          store,
          'withdrawal',
          userAccount(asha.id),
          SYSTEM_ACCOUNT,
          10_000,
          asha,
          {
            idempotencyKey: k,
          },
        );
        expect(again).toEqual({ transfer: first.transfer, replayed: true });
        expect(await store.getBalance(userAccount(asha.id))).toBe(0);
      });

      const variants = {
        'a different amount': { amount: 999, note: 'dinner', to: 'ravi' },
        'a different recipient': { amount: 1000, note: 'dinner', to: 'third' },
        'a different note': { amount: 1000, note: 'lunch', to: 'ravi' },
      } as const;
      for (const [label, v] of Object.entries(variants)) {
        it(`the same key with ${label} is refused with IDEMPOTENCY_CONFLICT`, async () => {
          const { store, asha, ravi, accounts } = await twoUsers();
          const third = await makeUser(store, 'Third Person');
          const k = key();
          await firstTransfer(store, asha, ravi, k);
          const to = v.to === 'ravi' ? ravi : third;
          await expectRefusedUnchanged(
            store,
            [...accounts, userAccount(third.id)],
            'IDEMPOTENCY_CONFLICT',
            () =>
              post(store, 'transfer', userAccount(asha.id), userAccount(to.id), v.amount, asha, {
                note: v.note,
                idempotencyKey: k,
              }),
          );
        });
      }

      it('the same key with a different kind is refused with IDEMPOTENCY_CONFLICT', async () => {
        const { store, asha, accounts } = await twoUsers();
        const k = key();
        await post(store, 'withdrawal', userAccount(asha.id), SYSTEM_ACCOUNT, 100, asha, {
          idempotencyKey: k,
        });
        await expectRefusedUnchanged(store, accounts, 'IDEMPOTENCY_CONFLICT', () =>
          post(store, 'deposit', SYSTEM_ACCOUNT, userAccount(asha.id), 100, asha, {
            idempotencyKey: k,
          }),
        );
      });

      it('the idempotency check comes before the amount check', async () => {
        const { store, asha, ravi, accounts } = await twoUsers();
        const k = key();
        await firstTransfer(store, asha, ravi, k);
        await expectRefusedUnchanged(store, accounts, 'IDEMPOTENCY_CONFLICT', () =>
          post(store, 'transfer', userAccount(asha.id), userAccount(ravi.id), -1, asha, {
            note: 'dinner',
            idempotencyKey: k,
          }),
        );
      });

      it('idempotency keys are scoped per initiator: two users may use the same key', async () => {
        const { store, asha, ravi } = await twoUsers();
        const k = key();
        const a = await post(store, 'deposit', SYSTEM_ACCOUNT, userAccount(asha.id), 100, asha, {
          idempotencyKey: k,
        });
        const r = await post(store, 'deposit', SYSTEM_ACCOUNT, userAccount(ravi.id), 100, ravi, {
          idempotencyKey: k,
        });
        expect(r.replayed).toBe(false);
        expect(r.transfer.id).not.toBe(a.transfer.id);
        expect(await store.getBalance(userAccount(ravi.id))).toBe(100);
        expect(await store.getBalance(userAccount(asha.id))).toBe(10_100);
      });

      it('a refused request does not use up its idempotency key', async () => {
        const { store, asha, ravi } = await twoUsers();
        const k = key();
        const attempt = () =>
          post(store, 'withdrawal', userAccount(ravi.id), SYSTEM_ACCOUNT, 500, ravi, {
            idempotencyKey: k,
          });
        await expectRefusal(attempt(), 'INSUFFICIENT_FUNDS');
        await send(store, asha, ravi, 500);
        const res = await attempt();
        expect(res.replayed).toBe(false);
        expect(await store.getBalance(userAccount(ravi.id))).toBe(0);
      });
    });
  });
}
