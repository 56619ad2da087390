import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CASH_SUBACCOUNTS } from '../cash.ts';
import { goalAccount, SYSTEM_ACCOUNT, userAccount } from '../ids.ts';
import { minor } from '../money.ts';
import type { User } from '../types.ts';
import { openSqliteStore, type SqliteStore } from './index.ts';

// Tampering with raw SQL stands in for a bug or a hand edit behind the store's back.
let store: SqliteStore;
let ana: User;
let ben: User;
let paymentId: string;

beforeEach(async () => {
  store = openSqliteStore({ file: ':memory:' });
  ana = await store.createUser({ fullName: 'Ana', phone: '+919000000001', passwordHash: 'h' });
  ben = await store.createUser({ fullName: 'Ben', phone: '+919000000002', passwordHash: 'h' });
  const base = { initiatorId: ana.id, note: '' };
  await store.postTransfer({
    ...base,
    kind: 'deposit',
    debit: SYSTEM_ACCOUNT,
    credit: userAccount(ana.id),
    amount: minor(100),
    idempotencyKey: 'd1',
  });
  const paid = await store.postTransfer({
    ...base,
    kind: 'transfer',
    debit: userAccount(ana.id),
    credit: userAccount(ben.id),
    amount: minor(30),
    idempotencyKey: 't1',
  });
  paymentId = paid.transfer.id;
  const goal = await store.createGoal({ ownerId: ana.id, name: 'Bike', targetAmount: minor(500) });
  await store.postTransfer({
    ...base,
    kind: 'goal_deposit',
    debit: userAccount(ana.id),
    credit: goalAccount(goal.id),
    amount: minor(20),
    idempotencyKey: 'g1',
  });
});
afterEach(async () => {
  await store.close();
});

const sql = (text: string, ...params: (string | number)[]) => store.db.prepare(text).run(...params);

describe('verifyLedger', () => {
  it('passes a healthy ledger and counts what it checked', async () => {
    expect(await store.verifyLedger()).toEqual({
      ok: true,
      accounts: 3 + CASH_SUBACCOUNTS, // Ana, Ben, the goal and the cash sub-accounts
      transfers: 3,
      total: 0,
      problems: [],
    });
  });

  it('reports a stored balance that differs from the journal, and the non-zero total', async () => {
    sql('UPDATE ledger_accounts SET balance = 45 WHERE id = ?', userAccount(ana.id));
    const report = await store.verifyLedger();
    expect(report.ok).toBe(false);
    expect(report.total).toBe(-5);
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'balance_mismatch',
        account: userAccount(ana.id),
        stored: 45,
        derived: 50,
      }),
      expect.objectContaining({ kind: 'nonzero_total', stored: -5 }),
    ]);
    expect(report.problems[0]?.message).toContain('stored balance 45, journal says 50');
    expect(report.problems[1]?.message).toContain('sum to -5');
  });

  it('reports a negative customer balance even when both tables were edited to agree', async () => {
    // Ana "paid" 130 instead of 30: journal, snapshots and balances all agree, Ana is at -50.
    store.db.pragma('ignore_check_constraints = ON');
    sql(
      'UPDATE transfers SET amount = 130, debit_balance_after = -30, credit_balance_after = 130 WHERE id = ?',
      paymentId,
    );
    sql(
      `UPDATE transfers SET debit_balance_after = -50 WHERE debit_account = ? AND kind = 'goal_deposit'`,
      userAccount(ana.id),
    );
    sql('UPDATE ledger_accounts SET balance = -50 WHERE id = ?', userAccount(ana.id));
    sql('UPDATE ledger_accounts SET balance = 130 WHERE id = ?', userAccount(ben.id));
    const report = await store.verifyLedger();
    expect(report).toMatchObject({ ok: false, total: 0 });
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'negative_balance',
        account: userAccount(ana.id),
        stored: -50,
      }),
    ]);
    expect(report.problems[0]?.message).toContain('below zero: -50');
  });

  it('names an edited transfer and both accounts it no longer explains', async () => {
    sql('UPDATE transfers SET amount = 55 WHERE id = ?', paymentId);
    const report = await store.verifyLedger();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'balance_mismatch',
          account: userAccount(ana.id),
          stored: 50,
          derived: 25,
        }),
        expect.objectContaining({
          kind: 'balance_mismatch',
          account: userAccount(ben.id),
          stored: 30,
          derived: 55,
        }),
        expect.objectContaining({
          kind: 'bad_transfer',
          transferId: paymentId,
          account: userAccount(ana.id),
          stored: 70,
          derived: 45,
        }),
        expect.objectContaining({
          kind: 'bad_transfer',
          transferId: paymentId,
          account: userAccount(ben.id),
          stored: 30,
          derived: 55,
        }),
      ]),
    );
    expect(report.problems).toHaveLength(4);
    const leg = report.problems.find((p) => p.account === userAccount(ana.id) && p.transferId);
    expect(leg?.message).toBe(
      `transfer ${paymentId} on ${userAccount(ana.id)}: balance before 100, moved -55, but recorded after 70`,
    );
  });

  it('reports a transfer with a non-positive amount', async () => {
    store.db.pragma('ignore_check_constraints = ON');
    sql('UPDATE transfers SET amount = -30 WHERE id = ?', paymentId);
    const report = await store.verifyLedger();
    const bad = report.problems.filter((p) => p.kind === 'bad_transfer' && !p.account);
    expect(bad).toEqual([expect.objectContaining({ transferId: paymentId })]);
    expect(bad[0]?.message).toContain('amount -30');
  });

  it('reports a transfer deleted from the journal as balances it no longer explains', async () => {
    sql('DELETE FROM transfers WHERE id = ?', paymentId);
    const report = await store.verifyLedger();
    expect(report.transfers).toBe(2);
    expect(report.problems.filter((p) => p.kind === 'balance_mismatch')).toEqual([
      expect.objectContaining({ account: userAccount(ana.id), stored: 50, derived: 80 }),
      expect.objectContaining({ account: userAccount(ben.id), stored: 30, derived: 0 }),
    ]);
  });
});
