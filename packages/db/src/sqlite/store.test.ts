import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cashAccountFor } from '../cash.ts';
import { isDomainError } from '../errors.ts';
import { goalAccount, SYSTEM_ACCOUNT, userAccount } from '../ids.ts';
import { minor } from '../money.ts';
import type { PostTransferInput, User } from '../types.ts';
import { openSqliteStore, type SqliteStore } from './index.ts';

// SQLite-specific behaviour; the shared contract suite covers the Store interface at large.
let store: SqliteStore;
let clock = Date.UTC(2026, 0, 1);
let ana: User;
let ben: User;

const rejectsWith = async (p: Promise<unknown>, code: string) => {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isDomainError(error) ? error.code : error).toBe(code);
};

const deposit = (user: User, amount: number, key: string): PostTransferInput => ({
  kind: 'deposit',
  debit: SYSTEM_ACCOUNT,
  credit: userAccount(user.id),
  amount: minor(amount),
  initiatorId: user.id,
  idempotencyKey: key,
});

beforeEach(async () => {
  store = openSqliteStore({ file: ':memory:', now: () => clock });
  ana = await store.createUser({ fullName: 'Ana', phone: '+919000000001', passwordHash: 'h' });
  ben = await store.createUser({ fullName: 'Ben', phone: '+919000000002', passwordHash: 'h' });
});
afterEach(async () => {
  await store.close();
});

describe('sqlite store', () => {
  it('allocates account numbers from 1000 without gaps and refuses a taken phone', async () => {
    expect([ana.accountNumber, ben.accountNumber]).toEqual([1000, 1001]);
    await rejectsWith(
      store.createUser({ fullName: 'X', phone: ana.phone, passwordHash: 'h' }),
      'PHONE_TAKEN',
    );
    const cy = await store.createUser({
      fullName: 'Cy',
      phone: '+919000000003',
      passwordHash: 'h',
    });
    expect(cy.accountNumber).toBe(1002);
  });

  it('snapshots labels and balances on both sides of a transfer', async () => {
    await store.postTransfer(deposit(ana, 500, 'k1'));
    const { transfer } = await store.postTransfer({
      kind: 'transfer',
      debit: userAccount(ana.id),
      credit: userAccount(ben.id),
      amount: minor(200),
      note: 'rent',
      initiatorId: ana.id,
      idempotencyKey: 'k2',
    });
    expect(transfer.debit).toMatchObject({ label: 'Ana', accountNumber: 1000, balanceAfter: 300 });
    expect(transfer.credit).toMatchObject({ label: 'Ben', ownerId: ben.id, balanceAfter: 200 });
    await store.updateUser(ben.id, { fullName: 'Benjamin' });
    expect((await store.getTransfer(transfer.id))?.credit.label).toBe('Ben');
    const cash = (
      await store.getTransfer(
        (await store.listHistory(cashAccountFor(userAccount(ana.id)), {})).items[0]?.transfer.id ??
          '',
      )
    )?.debit;
    expect(cash).toMatchObject({
      label: 'Cash',
      accountNumber: null,
      ownerId: null,
      balanceAfter: -500,
    });
  });

  it('replays a key with the first result and refuses it for another request', async () => {
    const first = await store.postTransfer(deposit(ana, 100, 'same'));
    const again = await store.postTransfer(deposit(ana, 100, 'same'));
    expect(again).toEqual({ transfer: first.transfer, replayed: true });
    await rejectsWith(store.postTransfer(deposit(ana, 101, 'same')), 'IDEMPOTENCY_CONFLICT');
    expect(await store.getBalance(userAccount(ana.id))).toBe(100);
  });

  it('refuses an overdraft and changes nothing', async () => {
    await store.postTransfer(deposit(ana, 100, 'k1'));
    await rejectsWith(
      store.postTransfer({
        ...deposit(ana, 101, 'k2'),
        kind: 'withdrawal',
        debit: userAccount(ana.id),
        credit: SYSTEM_ACCOUNT,
      }),
      'INSUFFICIENT_FUNDS',
    );
    expect(await store.getBalance(userAccount(ana.id))).toBe(100);
    expect((await store.listHistory(userAccount(ana.id), {})).items).toHaveLength(1);
  });

  it('pages history newest first with a cursor and filters by text', async () => {
    for (let i = 0; i < 5; i++) {
      clock += 1000;
      await store.postTransfer({
        ...deposit(ana, 10 + i, `d${i}`),
        note: i === 3 ? 'Big_50%' : '',
      });
    }
    const p1 = await store.listHistory(userAccount(ana.id), { limit: 2 });
    expect(p1.items.map((e) => e.amount)).toEqual([14, 13]);
    const p2 = await store.listHistory(userAccount(ana.id), { limit: 2, cursor: p1.nextCursor });
    const p3 = await store.listHistory(userAccount(ana.id), { limit: 2, cursor: p2.nextCursor });
    expect([...p2.items, ...p3.items].map((e) => e.amount)).toEqual([12, 11, 10]);
    expect(p3.nextCursor).toBeNull();
    const found = await store.listHistory(userAccount(ana.id), { q: 'g_50%' });
    expect(found.items.map((e) => e.amount)).toEqual([13]);
    expect((await store.listHistory(userAccount(ana.id), { q: 'g_5%0' })).items).toEqual([]);
    expect((await store.listHistory(userAccount(ana.id), { q: 'cash' })).items).toHaveLength(5);
  });

  it('closes a goal once, refunding its balance, and replays the close', async () => {
    await store.postTransfer(deposit(ana, 1000, 'k1'));
    const goal = await store.createGoal({
      ownerId: ana.id,
      name: 'Bike',
      targetAmount: minor(5000),
    });
    await store.postTransfer({
      kind: 'goal_deposit',
      debit: userAccount(ana.id),
      credit: goalAccount(goal.id),
      amount: minor(300),
      initiatorId: ana.id,
      idempotencyKey: 'g1',
    });
    const closed = await store.closeGoal({
      goalId: goal.id,
      ownerId: ana.id,
      idempotencyKey: 'c1',
    });
    expect(closed).toMatchObject({ refunded: 300, balance: 1000, replayed: false });
    expect(closed.goal).toMatchObject({ status: 'closed', savedAmount: 0 });
    const replay = await store.closeGoal({
      goalId: goal.id,
      ownerId: ana.id,
      idempotencyKey: 'c1',
    });
    expect(replay).toMatchObject({ refunded: 300, balance: 1000, replayed: true });
    expect(replay.transfer).toEqual(closed.transfer);
    await rejectsWith(
      store.closeGoal({ goalId: goal.id, ownerId: ana.id, idempotencyKey: 'c2' }),
      'GOAL_CLOSED',
    );
    await rejectsWith(
      store.postTransfer({ ...deposit(ana, 1, 'g2'), credit: goalAccount(goal.id) }),
      'GOAL_CLOSED',
    );
    expect((await store.verifyLedger()).ok).toBe(true);
  });

  it('detects a balance edited behind the ledger', async () => {
    await store.postTransfer(deposit(ana, 100, 'k1'));
    store.db
      .prepare('UPDATE ledger_accounts SET balance = 90 WHERE id = ?')
      .run(userAccount(ana.id));
    const report = await store.verifyLedger();
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.kind).sort()).toEqual([
      'balance_mismatch',
      'nonzero_total',
    ]);
  });
});
