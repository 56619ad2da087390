import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestClock } from '../contract/helpers.ts';
import { DomainError } from '../errors.ts';
import { SYSTEM_ACCOUNT, userAccount } from '../ids.ts';
import { minor } from '../money.ts';
import type { User, UserEvent } from '../types.ts';
import {
  openSqliteStore,
  type SqliteStore,
  sqliteWriterMode,
  type WorkerSqliteStore,
} from './index.ts';

let dir: string;
const opened: SqliteStore[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'qp-worker-store-'));
});
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

const open = (name: string, writer: 'worker' | 'inline', now?: () => number) => {
  const store = openSqliteStore({ file: join(dir, name), writer, ...(now ? { now } : {}) });
  opened.push(store);
  return store;
};
const signUp = (store: SqliteStore, phone: string): Promise<User> =>
  store.createUser({ fullName: `U ${phone}`, phone, passwordHash: 'h' });
const fund = (store: SqliteStore, u: User, amount: number, key: string) =>
  store.postTransfer({
    kind: 'deposit',
    debit: SYSTEM_ACCOUNT,
    credit: userAccount(u.id),
    amount: minor(amount),
    initiatorId: u.id,
    idempotencyKey: key,
  });

describe('sqlite writer mode', () => {
  it('in-memory databases stay inline; a file follows the option; nonsense is refused', () => {
    expect(sqliteWriterMode({ file: ':memory:', writer: 'worker' })).toBe('inline');
    expect(sqliteWriterMode({ file: 'x.sqlite', writer: 'worker' })).toBe('worker');
    expect(sqliteWriterMode({ file: 'x.sqlite', writer: 'inline' })).toBe('inline');
    expect(() =>
      sqliteWriterMode({ file: 'x.sqlite', writer: 'thread' as unknown as 'worker' }),
    ).toThrow(/SQLITE_WRITER must be worker or inline/);
  });
});

describe('sqlite store with the writer thread', () => {
  it('writes in the writer thread: this thread only reads, and an answered write is on the file', async () => {
    const store = open('a.sqlite', 'worker') as WorkerSqliteStore;
    expect(typeof store.crashWriterAfter).toBe('function');
    expect(() => store.db.prepare("INSERT INTO event_counters VALUES ('x', 1)").run()).toThrow(
      /readonly|query_only|read-only/i,
    );
    const u = await signUp(store, '+919800000001');
    const { transfer } = await fund(store, u, 500, 'k1');
    // Another connection sees it as soon as the promise settled (the writer replied after COMMIT).
    const other = new Database(join(dir, 'a.sqlite'), { readonly: true });
    try {
      const row = other.prepare('SELECT amount FROM transfers WHERE id = ?').get(transfer.id);
      expect(row).toEqual({ amount: 500 });
    } finally {
      other.close();
    }
    expect(await store.getBalance(userAccount(u.id))).toBe(500);
    expect(store.groupCommitStats.commits).toBeGreaterThanOrEqual(1);
  });

  it('refusals and idempotent replays come back exactly as the inline store gives them', async () => {
    const results = [];
    for (const writer of ['inline', 'worker'] as const) {
      const clock = new TestClock();
      const store = open(`${writer}.sqlite`, writer, clock.now);
      const a = await signUp(store, '+919800000002');
      const b = await signUp(store, '+919800000003');
      const first = await fund(store, a, 100, 'fund-a');
      const replay = await fund(store, a, 100, 'fund-a');
      const refusals = [];
      for (const attempt of [
        () => fund(store, a, 200, 'fund-a'), // IDEMPOTENCY_CONFLICT
        () =>
          store.postTransfer({
            kind: 'transfer',
            debit: userAccount(a.id),
            credit: userAccount(b.id),
            amount: minor(1_000),
            initiatorId: a.id,
            idempotencyKey: 'too-much',
          }), // INSUFFICIENT_FUNDS
        () => signUp(store, '+919800000002'), // PHONE_TAKEN
        () => store.updateGoal('nope', a.id, { name: 'x' }), // GOAL_NOT_FOUND
      ]) {
        const e = await attempt().then(
          () => null,
          (error: unknown) => error,
        );
        expect(e).toBeInstanceOf(DomainError);
        refusals.push({ code: (e as DomainError).code, message: (e as DomainError).message });
      }
      expect(replay.replayed).toBe(true);
      expect(replay.transfer.createdAt).toBeInstanceOf(Date);
      // Ids and account numbers differ between the two files; the shapes must not.
      const shape = (t: typeof first) => ({
        replayed: t.replayed,
        amount: t.transfer.amount,
        createdAt: t.transfer.createdAt,
        kind: t.transfer.kind,
        same: t.transfer.id === first.transfer.id,
      });
      results.push({ first: shape(first), replay: shape(replay), refusals });
    }
    expect(results[1]).toEqual(results[0]);
  });

  it("sends one tick's calls as one message and commits their transfers as one batch", async () => {
    const store = open('batch.sqlite', 'worker') as WorkerSqliteStore;
    const a = await signUp(store, '+919800000007');
    const b = await signUp(store, '+919800000008');
    await fund(store, a, 10_000, 'batch-fund');
    const traffic = { ...store.writerTraffic };
    const stats = { ...store.groupCommitStats };
    const posted = await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        store.postTransfer({
          kind: 'transfer',
          debit: userAccount(a.id),
          credit: userAccount(b.id),
          amount: minor(1),
          initiatorId: a.id,
          idempotencyKey: `batch-${i}`,
        }),
      ),
    );
    expect(posted.every((p) => !p.replayed)).toBe(true);
    // One message each way for 64 calls (not 64 each way), and one COMMIT for all of them.
    expect(store.writerTraffic.calls - traffic.calls).toBe(64);
    expect(store.writerTraffic.posted - traffic.posted).toBe(1);
    expect(store.writerTraffic.received - traffic.received).toBe(1);
    expect(store.groupCommitStats.commits - stats.commits).toBe(1);
    expect(store.groupCommitStats.largestBatch).toBeGreaterThanOrEqual(64);
    expect(await store.getBalance(userAccount(b.id))).toBe(64);
  });

  it("uses the injected clock for the writer's timestamps", async () => {
    const clock = new TestClock(Date.UTC(2030, 0, 2));
    const store = open('clock.sqlite', 'worker', clock.now);
    const u = await signUp(store, '+919800000004');
    expect(u.createdAt.getTime()).toBe(Date.UTC(2030, 0, 2));
    clock.advance(60_000);
    const { transfer } = await fund(store, u, 1, 'c1');
    expect(transfer.createdAt.getTime()).toBe(Date.UTC(2030, 0, 2) + 60_000);
  });

  it("tells this thread's watchers of the writer's events", async () => {
    const store = open('events.sqlite', 'worker');
    const u = await signUp(store, '+919800000005');
    const seen: UserEvent[] = [];
    const arrived = new Promise<void>((resolve) => {
      const stop = store.watchEvents({
        onEvent: (e) => {
          seen.push(e);
          stop();
          resolve();
        },
      });
    });
    await fund(store, u, 7, 'e1');
    await arrived;
    expect(seen[0]).toMatchObject({ userId: u.id, type: 'transfer' });
  });

  it('refuses calls after close and closes twice without error', async () => {
    const store = open('closed.sqlite', 'worker');
    await store.close();
    await store.close();
    await expect(signUp(store, '+919800000006')).rejects.toThrow('the store is closed');
  });
});
