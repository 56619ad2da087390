import { describe, expect, it } from 'vitest';
import { goalAccount, type LedgerAccountId, SYSTEM_ACCOUNT, userAccount } from '../ids.ts';
import { BALANCE_LIMIT } from '../money.ts';
import {
  deposit,
  expectRefusedUnchanged,
  m,
  makeUser,
  makeUserSharingCash,
  post,
  type StoreFactory,
  send,
  storeEnv,
  T0,
  TestClock,
  withdraw,
} from './helpers.ts';

/**
 * No posting may take a balance (a customer's, a goal's or the cash account's, which
 * goes negative) past Number.MAX_SAFE_INTEGER: beyond it numbers silently lose units.
 * The stores are opened with maxAmount at the limit, as a misconfigured MAX_AMOUNT would.
 */
export function balanceLimitContract(factory: StoreFactory): void {
  describe('balance limit', () => {
    const env = storeEnv(factory);
    const open = () => env.open({ maxAmount: BALANCE_LIMIT, now: new TestClock(T0, 1).now });
    const cash: LedgerAccountId = SYSTEM_ACCOUNT;

    // Ravi shares Asha's cash sub-account (cash.ts): the limit holds per sub-account.
    it('a deposit reaching the limit is posted; one more unit anywhere is BALANCE_LIMIT and changes nothing', async () => {
      const store = await open();
      const asha = await makeUser(store, 'Asha Rao');
      const ravi = await makeUserSharingCash(store, asha);
      const res = await deposit(store, asha, BALANCE_LIMIT);
      expect(res.transfer.credit.balanceAfter).toBe(Number.MAX_SAFE_INTEGER);
      expect(res.transfer.debit.balanceAfter).toBe(-Number.MAX_SAFE_INTEGER);
      const accounts = [cash, userAccount(asha.id), userAccount(ravi.id)];
      // Both sides would pass the limit (the cash account below it, Asha above it).
      await expectRefusedUnchanged(store, accounts, 'BALANCE_LIMIT', () => deposit(store, asha, 1));
      // Only the cash account's side would.
      await expectRefusedUnchanged(store, accounts, 'BALANCE_LIMIT', () => deposit(store, ravi, 1));
      expect((await store.verifyLedger()).ok).toBe(true);
    });

    it('two maximal deposits cannot break the ledger (the second is refused)', async () => {
      const store = await open();
      const asha = await makeUser(store, 'Asha Rao');
      const ravi = await makeUserSharingCash(store, asha);
      const half = 2 ** 52;
      await deposit(store, asha, half);
      await expectRefusedUnchanged(
        store,
        [cash, userAccount(asha.id), userAccount(ravi.id)],
        'BALANCE_LIMIT',
        () => deposit(store, ravi, half),
      );
      const report = await store.verifyLedger();
      expect(report.ok).toBe(true);
      expect(await store.getBalance(userAccount(asha.id))).toBe(half);
    });

    it('money moved back under the limit can move again, and transfers and goals at the limit stay exact', async () => {
      const store = await open();
      const asha = await makeUser(store, 'Asha Rao');
      const ravi = await makeUser(store, 'Ravi Kumar');
      await deposit(store, asha, BALANCE_LIMIT);
      await withdraw(store, asha, 10);
      await deposit(store, ravi, 10);
      await send(store, ravi, asha, 10);
      expect(await store.getBalance(userAccount(asha.id))).toBe(Number.MAX_SAFE_INTEGER);
      const goal = await store.createGoal({
        ownerId: asha.id,
        name: 'Everything',
        targetAmount: m(1),
      });
      await post(
        store,
        'goal_deposit',
        userAccount(asha.id),
        goalAccount(goal.id),
        BALANCE_LIMIT,
        asha,
      );
      expect(await store.getBalance(goalAccount(goal.id))).toBe(Number.MAX_SAFE_INTEGER);
      expect(await store.getBalance(userAccount(asha.id))).toBe(0);
      expect((await store.verifyLedger()).ok).toBe(true);
    });
  });
}
