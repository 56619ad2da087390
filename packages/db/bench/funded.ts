import { randomUUID } from 'node:crypto';
import { type LedgerAccountId, minor, type Store, SYSTEM_ACCOUNT, userAccount } from '@quickpay/db';

export type FundedAccount = { id: string; account: LedgerAccountId };

/** `count` users with 10,000,000.00 each, phones `+91<prefix><8 digits>`, for the store benches. */
export async function fundedAccounts(
  store: Store,
  count: number,
  prefix: string,
): Promise<FundedAccount[]> {
  const accounts: FundedAccount[] = [];
  for (let i = 0; i < count; i++) {
    const phone = `+91${prefix}${String(i).padStart(8, '0')}`;
    const user = await store.createUser({ fullName: `B${i}`, phone, passwordHash: 'h' });
    const account = userAccount(user.id);
    await store.postTransfer({
      kind: 'deposit',
      debit: SYSTEM_ACCOUNT,
      credit: account,
      amount: minor(1_000_000_000),
      initiatorId: user.id,
      idempotencyKey: randomUUID(),
    });
    accounts.push({ id: user.id, account });
  }
  return accounts;
}
