import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { SYSTEM_ACCOUNT, userAccount } from '../ids.ts';
import { minor } from '../money.ts';
import type { PostTransferInput, User } from '../types.ts';
import { GroupCommit } from './group-commit.ts';
import { openSqliteStore, type SqliteStore } from './index.ts';

let dir: string;
let file: string;
let store: SqliteStore;
let ana: User;
let ben: User;

const deposit = (user: User, amount: number, key: string): PostTransferInput => ({
  kind: 'deposit',
  debit: SYSTEM_ACCOUNT,
  credit: userAccount(user.id),
  amount: minor(amount),
  initiatorId: user.id,
  idempotencyKey: key,
});
const pay = (from: User, to: User, amount: number, key: string): PostTransferInput => ({
  kind: 'transfer',
  debit: userAccount(from.id),
  credit: userAccount(to.id),
  amount: minor(amount),
  initiatorId: from.id,
  idempotencyKey: key,
});
const codeOf = (r: PromiseSettledResult<unknown>) =>
  r.status === 'fulfilled' ? 'ok' : isDomainError(r.reason) ? r.reason.code : String(r.reason);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qp-gc-'));
  file = join(dir, 'ledger.sqlite');
  store = openSqliteStore({ file, writer: 'inline' }); // the group commit of this thread
  ana = await store.createUser({ fullName: 'Ana', phone: '+919000000001', passwordHash: 'h' });
  ben = await store.createUser({ fullName: 'Ben', phone: '+919000000002', passwordHash: 'h' });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('group commit', () => {
  it('puts transfers submitted in one tick into one commit', async () => {
    const before = { ...store.groupCommitStats };
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.postTransfer(deposit(ana, 10, `k${i}`))),
    );
    expect(new Set(results.map((r) => r.transfer.id)).size).toBe(50);
    expect(store.groupCommitStats.commits - before.commits).toBe(1);
    expect(store.groupCommitStats.largestBatch).toBe(50);
    expect(await store.getBalance(userAccount(ana.id))).toBe(500);
  });

  it('settles a transfer only once another connection can read it from the file', async () => {
    const reader = new Database(file, { readonly: true });
    try {
      const seen = reader.prepare<[string], { n: number }>(
        'SELECT COUNT(*) AS n FROM transfers WHERE id = ?',
      );
      const checks = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.postTransfer(deposit(ana, 5, `r${i}`)).then(({ transfer }) => ({
            inTransaction: store.db.inTransaction,
            visible: seen.get(transfer.id)?.n,
          })),
        ),
      );
      expect(checks).toEqual(Array(20).fill({ inTransaction: false, visible: 1 }));
    } finally {
      reader.close();
    }
  });

  it('rolls back only the refused transfer in a batch and commits the others', async () => {
    await store.postTransfer(deposit(ana, 100, 'seed'));
    const before = store.groupCommitStats.commits;
    const results = await Promise.allSettled([
      store.postTransfer(pay(ana, ben, 30, 'a')),
      store.postTransfer(pay(ana, ben, 1000, 'b')),
      store.postTransfer(pay(ana, ben, 20, 'c')),
      store.postTransfer({ ...pay(ana, ben, 5, 'd'), credit: 'u:nobody' }),
      store.postTransfer(pay(ana, ana, 5, 'e')),
      store.postTransfer(pay(ana, ben, 50, 'f')),
      store.postTransfer(pay(ana, ben, 1, 'g')),
    ]);
    expect(store.groupCommitStats.commits - before).toBe(1);
    expect(results.map(codeOf)).toEqual([
      'ok',
      'INSUFFICIENT_FUNDS',
      'ok',
      'ACCOUNT_NOT_FOUND',
      'SELF_TRANSFER',
      'ok',
      'INSUFFICIENT_FUNDS',
    ]);
    expect(await store.getBalance(userAccount(ana.id))).toBe(0);
    expect(await store.getBalance(userAccount(ben.id))).toBe(100);
    const history = await store.listHistory(userAccount(ben.id), {});
    expect(history.items.map((e) => e.amount)).toEqual([50, 20, 30]);
    expect((await store.verifyLedger()).ok).toBe(true);
  });

  it('replays a key reused within its own batch and refuses a conflicting reuse', async () => {
    const [first, again, other] = await Promise.allSettled([
      store.postTransfer(deposit(ana, 100, 'same')),
      store.postTransfer(deposit(ana, 100, 'same')),
      store.postTransfer(deposit(ana, 99, 'same')),
    ]);
    expect(first?.status === 'fulfilled' && first.value.replayed).toBe(false);
    expect(again?.status === 'fulfilled' && again.value).toEqual({
      transfer: first?.status === 'fulfilled' ? first.value.transfer : null,
      replayed: true,
    });
    expect(other && codeOf(other)).toBe('IDEMPOTENCY_CONFLICT');
    expect(await store.getBalance(userAccount(ana.id))).toBe(100);
    expect((await store.listHistory(userAccount(ana.id), {})).items).toHaveLength(1);
  });

  it('fails the whole batch, leaving no open transaction, when a statement rolls back everything', async () => {
    await store.postTransfer(deposit(ana, 100, 'seed'));
    // A real SQLite fault: RAISE(ROLLBACK) ends the whole transaction, not just a savepoint.
    store.db.exec(`CREATE TEMP TRIGGER boom BEFORE INSERT ON transfers WHEN NEW.amount = 13
      BEGIN SELECT RAISE(ROLLBACK, 'boom'); END`);
    const results = await Promise.allSettled([
      store.postTransfer(pay(ana, ben, 10, 'x1')),
      store.postTransfer(pay(ana, ben, 13, 'x2')),
      store.postTransfer(pay(ana, ben, 20, 'x3')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(store.db.inTransaction).toBe(false);
    expect(store.groupCommitStats.aborted).toBe(1);
    expect(await store.getBalance(userAccount(ben.id))).toBe(0);
    expect((await store.listHistory(userAccount(ben.id), {})).items).toEqual([]);
    // The connection is still usable.
    await store.postTransfer(pay(ana, ben, 10, 'x1'));
    expect(await store.getBalance(userAccount(ben.id))).toBe(10);
    expect((await store.verifyLedger()).ok).toBe(true);
  });

  it('settles every accepted transfer on close and refuses later ones', async () => {
    const pending = Array.from({ length: 10 }, (_, i) =>
      store.postTransfer(deposit(ana, 1, `c${i}`)),
    );
    await store.close();
    const settled = await Promise.all(pending);
    await expect(store.postTransfer(deposit(ana, 1, 'late'))).rejects.toThrow('closed');
    store = openSqliteStore({ file, writer: 'inline' }); // the group commit of this thread
    for (const { transfer } of settled) {
      expect(await store.getTransfer(transfer.id)).toEqual(transfer);
    }
    expect(await store.getBalance(userAccount(ana.id))).toBe(10);
  });
});

describe('GroupCommit on a bare table', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE t (x TEXT NOT NULL UNIQUE)');
  });
  afterEach(() => db.close());
  const rows = () => db.prepare<[], string>('SELECT x FROM t ORDER BY x').pluck().all();

  it('aborts the batch on an unexpected SQLite error and commits nothing from it', async () => {
    const insert = db.prepare<[string]>('INSERT INTO t (x) VALUES (?)');
    const gc = new GroupCommit(db, (x: string) => {
      if (x === 'boom') db.prepare('SELECT * FROM missing_table').get();
      insert.run(x);
      return x;
    });
    const results = await Promise.allSettled(['a', 'boom', 'b'].map((x) => gc.submit(x)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(db.inTransaction).toBe(false);
    expect(rows()).toEqual([]);
    expect(await gc.submit('c')).toBe('c');
    expect(rows()).toEqual(['c']);
  });

  it('rolls back a constraint failure or a thrown bug on its own', async () => {
    const insert = db.prepare<[string]>('INSERT INTO t (x) VALUES (?)');
    const gc = new GroupCommit(db, (x: string) => {
      insert.run(x);
      if (x === 'bug') throw new TypeError('a bug after writing');
      return x;
    });
    const results = await Promise.allSettled(['a', 'a', 'bug', 'b'].map((x) => gc.submit(x)));
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    expect(rows()).toEqual(['a', 'b']);
    expect(gc.stats).toMatchObject({ commits: 1, aborted: 0, settled: 4 });
  });

  it('caps a batch at maxBatch and commits the rest in later batches', async () => {
    const insert = db.prepare<[string]>('INSERT INTO t (x) VALUES (?)');
    const gc = new GroupCommit(db, (x: string) => insert.run(x).changes, 4);
    await Promise.all(Array.from({ length: 10 }, (_, i) => gc.submit(String(i))));
    expect(gc.stats).toMatchObject({ commits: 3, largestBatch: 4, settled: 10 });
    expect(rows()).toHaveLength(10);
  });
});
