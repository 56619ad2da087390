import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { goalAccount, SYSTEM_ACCOUNT, userAccount } from '../ids.ts';
import { minor } from '../money.ts';
import { MIGRATIONS, migrate, openSqliteStore } from './index.ts';

describe('lifetime totals on the account', () => {
  it('every posting moves the totals of both sides with the balance', async () => {
    const store = openSqliteStore({ file: ':memory:' });
    const a = await store.createUser({ fullName: 'A', phone: '+919000000001', passwordHash: 'h' });
    const b = await store.createUser({ fullName: 'B', phone: '+919000000002', passwordHash: 'h' });
    const goal = await store.createGoal({ ownerId: a.id, name: 'G', targetAmount: minor(1000) });
    const post = (
      kind: 'deposit' | 'transfer' | 'withdrawal' | 'goal_deposit',
      debit: string,
      credit: string,
      amount: number,
      key: string,
    ) =>
      store.postTransfer({
        kind,
        debit: debit as typeof SYSTEM_ACCOUNT,
        credit: credit as typeof SYSTEM_ACCOUNT,
        amount: minor(amount),
        initiatorId: a.id,
        idempotencyKey: key,
      });
    const ua = userAccount(a.id);
    const ub = userAccount(b.id);
    await post('deposit', SYSTEM_ACCOUNT, ua, 1000, 'k1');
    await post('transfer', ua, ub, 300, 'k2');
    await post('goal_deposit', ua, goalAccount(goal.id), 200, 'k3');
    await post('withdrawal', ua, SYSTEM_ACCOUNT, 100, 'k4');
    await post('withdrawal', ua, SYSTEM_ACCOUNT, 100, 'k4'); // a replay moves nothing
    expect(await store.getAccountTotals(ua)).toEqual({ balance: 400, income: 1000, expense: -600 });
    expect(await store.getAccountTotals(ub)).toEqual({ balance: 300, income: 300, expense: 0 });
    // The same figures as summing the whole history.
    const [all] = await store.flowSums(ua, [{ from: new Date(0), to: new Date(8.64e15) }]);
    expect(all).toEqual({ income: 1000, expense: -600 });
    await expect(store.getAccountTotals(userAccount('nobody'))).rejects.toMatchObject({
      code: 'ACCOUNT_NOT_FOUND',
    });
    await store.close();
  });

  it('the migration backfills existing accounts from the journal', () => {
    const db = new Database(':memory:');
    const before = MIGRATIONS.findIndex((s) => s.includes('total_in'));
    expect(before).toBeGreaterThan(0);
    migrate(db, MIGRATIONS.slice(0, before));
    db.exec(`
      INSERT INTO ledger_accounts (id, type, label, balance) VALUES ('u:a', 'user', 'A', 600);
      INSERT INTO ledger_accounts (id, type, label, balance) VALUES ('u:b', 'user', 'B', 100);
      INSERT INTO transfers (id, kind, amount, debit_account, debit_balance_after, debit_label,
        credit_account, credit_balance_after, credit_label, note, initiator_id,
        idempotency_key, fingerprint, created_at) VALUES
        ('t1', 'deposit', 700, 'sys:cash', -700, 'Cash', 'u:a', 700, 'A', '', 'a', 'k1', 'f', 1),
        ('t2', 'transfer', 100, 'u:a', 600, 'A', 'u:b', 100, 'B', '', 'a', 'k2', 'f', 2);
      UPDATE ledger_accounts SET balance = -700 WHERE id = 'sys:cash';`);
    migrate(db);
    const totals = db
      .prepare(
        'SELECT id, total_in, total_out FROM ledger_accounts WHERE id IN (?, ?, ?) ORDER BY id',
      )
      .all('u:a', 'u:b', 'sys:cash');
    expect(totals).toEqual([
      { id: 'sys:cash', total_in: 0, total_out: 700 },
      { id: 'u:a', total_in: 700, total_out: 100 },
      { id: 'u:b', total_in: 100, total_out: 0 },
    ]);
    db.close();
  });
});
