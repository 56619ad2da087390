import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CASH_SUBACCOUNTS,
  cashAccountFor,
  cashSubAccount,
  cashSubAccounts,
  fnv1a,
  isCashAccount,
  postingSides,
  requestedAccount,
} from './cash.ts';
import { SYSTEM_ACCOUNT, userAccount } from './ids.ts';
import { minor } from './money.ts';
import { MIGRATIONS, migrate, openSqliteStore } from './sqlite/index.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('cash sub-accounts: selection', () => {
  it('sub-account 0 is the original sys:cash; the others are numbered', () => {
    expect(cashSubAccount(0)).toBe('sys:cash');
    expect(cashSubAccount(3)).toBe('sys:cash:3');
    expect(cashSubAccounts()).toHaveLength(CASH_SUBACCOUNTS);
    expect(new Set(cashSubAccounts()).size).toBe(CASH_SUBACCOUNTS);
    expect(cashSubAccounts().every(isCashAccount)).toBe(true);
    expect(isCashAccount('u:sys:cash')).toBe(false);
    expect(isCashAccount('sys:cashier')).toBe(false);
  });

  it('is a pure function of the account: the same in every process and run', () => {
    // FNV-1a's published test vectors: the hash is fixed, not implementation-defined.
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
    expect(cashAccountFor('u:abc')).toBe(cashAccountFor('u:abc'));
    expect(cashAccountFor('u:abc')).toBe(cashSubAccount(fnv1a('u:abc') % CASH_SUBACCOUNTS));
  });

  it('spreads many customers over every sub-account, evenly', () => {
    const counts = new Map<string, number>();
    const users = 16_000;
    for (let i = 0; i < users; i++) {
      const a = cashAccountFor(userAccount(`user${i.toString(36)}x${(i * 7919).toString(36)}`));
      counts.set(a, (counts.get(a) ?? 0) + 1);
    }
    expect(counts.size).toBe(CASH_SUBACCOUNTS);
    const fair = users / CASH_SUBACCOUNTS;
    for (const n of counts.values()) expect(Math.abs(n - fair)).toBeLessThan(fair * 0.15);
  });

  it('postingSides replaces SYSTEM_ACCOUNT on either side by the other side’s sub-account', () => {
    const u = userAccount('u1');
    expect(postingSides({ debit: SYSTEM_ACCOUNT, credit: u })).toEqual({
      debit: cashAccountFor(u),
      credit: u,
    });
    expect(postingSides({ debit: u, credit: SYSTEM_ACCOUNT })).toEqual({
      debit: u,
      credit: cashAccountFor(u),
    });
    const t = { debit: u, credit: userAccount('u2') };
    expect(postingSides(t)).toEqual(t);
    expect(requestedAccount(cashSubAccount(5))).toBe(SYSTEM_ACCOUNT);
    expect(requestedAccount(u)).toBe(u);
  });
});

describe('cash sub-accounts: the SQLite store', () => {
  it('posts to each customer’s sub-account, sums them as the cash balance, verifies clean', async () => {
    const store = openSqliteStore({ file: ':memory:' });
    const users = [];
    for (let i = 0; i < 40; i++) {
      users.push(
        await store.createUser({
          fullName: `U${i}`,
          phone: `+9190000${10_000 + i}`,
          passwordHash: 'h',
        }),
      );
    }
    let total = 0;
    for (const [i, u] of users.entries()) {
      const amount = minor(100 + i);
      total += amount;
      const { transfer } = await store.postTransfer({
        kind: 'deposit',
        debit: SYSTEM_ACCOUNT,
        credit: userAccount(u.id),
        amount,
        initiatorId: u.id,
        idempotencyKey: `d${i}`,
      });
      expect(transfer.debit.account).toBe(cashAccountFor(userAccount(u.id)));
      // A replay (same key, same logical request) answers with the same transfer.
      const again = await store.postTransfer({
        kind: 'deposit',
        debit: SYSTEM_ACCOUNT,
        credit: userAccount(u.id),
        amount,
        initiatorId: u.id,
        idempotencyKey: `d${i}`,
      });
      expect(again).toMatchObject({ replayed: true, transfer: { id: transfer.id } });
    }
    const used = new Set(users.map((u) => cashAccountFor(userAccount(u.id))));
    expect(used.size).toBeGreaterThan(1);
    expect(await store.getBalance(SYSTEM_ACCOUNT)).toBe(-total);
    const report = await store.verifyLedger();
    expect(report).toMatchObject({ ok: true, total: 0, accounts: 40 + CASH_SUBACCOUNTS });
    await store.close();
  });

  it('the migration keeps an old single sys:cash ledger valid and adds the others at zero', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qp-cash-'));
    dirs.push(dir);
    const file = join(dir, 'old.sqlite');
    const old = new Database(file);
    migrate(old, MIGRATIONS.slice(0, 5)); // the schema before sub-accounts
    old.exec(`
      INSERT INTO users (id, account_number, full_name, phone, password_hash, created_at,
        password_changed_at) VALUES ('a', 1000, 'A', '+1', 'h', 1, 1);
      INSERT INTO ledger_accounts (id, type, owner_id, label, account_number, balance)
        VALUES ('u:a', 'user', 'a', 'A', 1000, 700);
      UPDATE ledger_accounts SET balance = -700 WHERE id = 'sys:cash';
      INSERT INTO transfers (id, kind, amount, debit_account, debit_balance_after, debit_label,
        credit_account, credit_balance_after, credit_label, credit_account_number,
        credit_owner_id, note, initiator_id, idempotency_key, fingerprint, created_at)
        VALUES ('t1', 'deposit', 700, 'sys:cash', -700, 'Cash', 'u:a', 700, 'A', 1000, 'a',
          '', 'a', 'k', 'f', 1);`);
    old.close();
    const store = openSqliteStore({ file });
    expect(await store.verifyLedger()).toMatchObject({ ok: true, accounts: 1 + CASH_SUBACCOUNTS });
    expect(await store.getBalance(SYSTEM_ACCOUNT)).toBe(-700);
    await store.postTransfer({
      kind: 'withdrawal',
      debit: userAccount('a'),
      credit: SYSTEM_ACCOUNT,
      amount: minor(200),
      initiatorId: 'a',
      idempotencyKey: 'w',
    });
    expect(await store.getBalance(SYSTEM_ACCOUNT)).toBe(-500);
    expect((await store.verifyLedger()).ok).toBe(true);
    await store.close();
  });
});
