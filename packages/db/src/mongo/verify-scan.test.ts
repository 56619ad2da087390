import { describe, expect, it } from 'vitest';
import type { LedgerAccountId } from '../ids.ts';
import { newId } from '../ids.ts';
import {
  AccountScan,
  type JournalTransfer,
  LedgerTally,
  legFilter,
  type ScannedAccount,
  watermarkId,
} from './verify-scan.ts';

/** An id minted in millisecond `ms` (time-ordered, as the store's). */
const at = (ms: number) => `${ms.toString(36).padStart(9, '0')}${'0'.repeat(12)}`;
const typeOf = (id: string): ScannedAccount['type'] =>
  id.startsWith('sys:') ? 'system' : id.startsWith('g:') ? 'goal' : 'user';

type Move = [ms: number, debit: LedgerAccountId, credit: LedgerAccountId, amount: number];

/** Posts transfers the way the store does: each side's balance after, lastTransferId. */
function ledger(moves: Move[]) {
  const accounts = new Map<LedgerAccountId, ScannedAccount>();
  const get = (id: LedgerAccountId) => {
    const a = accounts.get(id) ?? { _id: id, type: typeOf(id), balance: 0 };
    accounts.set(id, a);
    return a;
  };
  const journal: JournalTransfer[] = [];
  const post = ([ms, debit, credit, amount]: Move) => {
    const d = get(debit);
    const c = get(credit);
    d.balance = (d.balance as number) - amount;
    c.balance = (c.balance as number) + amount;
    const id = at(ms);
    d.lastTransferId = id;
    c.lastTransferId = id;
    journal.push({
      _id: id,
      amount,
      debit: { account: debit, balanceAfter: d.balance },
      credit: { account: credit, balanceAfter: c.balance },
      accounts: [debit, credit],
    });
  };
  for (const m of moves) post(m);
  return { accounts, journal, post };
}

const healthy = () =>
  ledger([
    [1, 'sys:cash', 'u:a', 1000],
    [2, 'u:a', 'u:b', 300],
    [3, 'u:a', 'g:x', 200],
    [4, 'u:b', 'u:a', 50],
    [5, 'g:x', 'u:a', 200],
    [6, 'u:a', 'sys:cash', 100],
  ]);

/** Account snapshot as read now (a copy: later posts do not change it). */
const read = (a: ScannedAccount | undefined): ScannedAccount => ({ ...(a as ScannedAccount) });

/** What verify.ts does, over memory: each account, then its legs in id order. */
function scanOne(account: ScannedAccount, journal: JournalTransfer[], tally: LedgerTally) {
  const scan = new AccountScan(account, tally.watermark);
  const legs = journal
    .filter((t) => Array.isArray(t.accounts) && t.accounts.includes(account._id))
    .sort((x, y) => (x._id < y._id ? -1 : 1));
  for (const t of legs) scan.add(t);
  return scan;
}

function check(
  accounts: ScannedAccount[],
  journal: JournalTransfer[],
  watermarkMs = 1e6,
  existing = new Set<string>(accounts.map((a) => a._id)),
) {
  const tally = new LedgerTally(watermarkMs);
  for (const a of [...accounts].sort((x, y) => (x._id < y._id ? -1 : 1))) {
    const scan = scanOne(a, journal, tally);
    scan.settleOthers(existing);
    tally.add(scan);
  }
  return tally.report(journal.filter((t) => t._id <= tally.watermark).length);
}

const kinds = (r: ReturnType<typeof check>) =>
  r.problems.map((p) => [p.kind, p.transferId ?? p.account ?? null]);

describe('streaming ledger check (no server)', () => {
  it('a healthy ledger is ok, and counts what it checked', () => {
    const { accounts, journal } = healthy();
    expect(check([...accounts.values()], journal)).toEqual({
      ok: true,
      accounts: 4,
      transfers: 6,
      total: 0,
      problems: [],
    });
  });

  it('a stored balance that differs from the journal is a mismatch and breaks the total', () => {
    const { accounts, journal } = healthy();
    const b = accounts.get('u:b') as ScannedAccount;
    b.balance = (b.balance as number) + 1;
    const r = check([...accounts.values()], journal);
    expect(kinds(r)).toEqual([
      ['balance_mismatch', 'u:b'],
      ['nonzero_total', null],
    ]);
    expect(r.problems[0]).toMatchObject({ stored: 251, derived: 250 });
    expect(r.problems[1]?.message).toMatch(/^balances sum to 1, not 0/);
  });

  it('a customer account below zero is reported; the cash account may be negative', () => {
    const { accounts, journal } = ledger([[1, 'u:a', 'sys:cash', 50]]);
    expect(kinds(check([...accounts.values()], journal))).toEqual([['negative_balance', 'u:a']]);
  });

  it('an edited balance-after names that leg and the next, in commit order (as SQLite)', () => {
    const { accounts, journal } = healthy();
    const t4 = journal[3] as JournalTransfer;
    journal[3] = { ...t4, credit: { ...t4.credit, balanceAfter: 999 } };
    const r = check([...accounts.values()], journal);
    // On u:a: t3 left 500, t4 moves +50 but records 999, t5 moves +200 from 999 to 750.
    expect(kinds(r)).toEqual([
      ['bad_transfer', at(4)],
      ['bad_transfer', at(5)],
    ]);
    expect(r.problems[0]).toMatchObject({ account: 'u:a', stored: 999, derived: 550 });
  });

  it('legs whose id order is not their commit order break the chain (an order-free check passed them)', () => {
    // On u:a, +100 (after 100), then +5 (after 105), then -30 (after 75): the -30 was
    // committed last but its id now sorts before the +5.
    const { accounts, journal } = ledger([
      [1, 'sys:cash', 'u:a', 100],
      [2, 'sys:cash', 'u:a', 5],
      [3, 'u:a', 'sys:cash', 30],
    ]);
    const t2 = journal[1] as JournalTransfer;
    const t3 = journal[2] as JournalTransfer;
    journal[1] = { ...t2, _id: t3._id };
    journal[2] = { ...t3, _id: t2._id };
    const r = check([...accounts.values()], journal);
    expect(r.ok).toBe(false);
    const onA = r.problems.filter((p) => p.account === 'u:a').map((p) => p.transferId);
    expect(onA).toEqual([at(2), at(3)]);
  });

  it('legs fed out of id order are refused, not chained', () => {
    const { accounts, journal } = healthy();
    const tally = new LedgerTally(1e6);
    const scan = new AccountScan(read(accounts.get('u:b')), tally.watermark);
    const legs = journal.filter((t) => t.accounts && (t.accounts as string[]).includes('u:b'));
    for (const t of [...legs].reverse()) scan.add(t);
    expect([...scan.bad.values()]).toEqual([
      `transfer ${at(2)} on u:b was read after ${at(4)}, out of id order`,
    ]);
  });

  it('an edited amount breaks the balances and the chains of both sides', () => {
    const { accounts, journal } = healthy();
    journal[1] = { ...(journal[1] as JournalTransfer), amount: 301 };
    const r = check([...accounts.values()], journal);
    const mismatched = r.problems.filter((p) => p.kind === 'balance_mismatch');
    expect(mismatched.map((p) => p.account).sort()).toEqual(['u:a', 'u:b']);
    expect(r.problems.some((p) => p.kind === 'bad_transfer' && p.transferId === at(2))).toBe(true);
  });

  it('non-positive, fractional, self and mislisted transfers, and missing accounts, are bad transfers', () => {
    const { accounts, journal } = healthy();
    const t1 = journal[0] as JournalTransfer;
    const extra: JournalTransfer[] = [
      { ...t1, _id: at(10), amount: 0 },
      { ...t1, _id: at(11), amount: 0.5 },
      { ...t1, _id: at(12), credit: { ...t1.debit }, accounts: ['sys:cash', 'sys:cash'] },
      { ...t1, _id: at(13), accounts: ['u:a', 'sys:cash'] },
    ];
    // Read after the extras were posted: their bound is above them.
    const known = [...accounts.values()]
      .filter((a) => a._id !== 'g:x')
      .map((a) => ({ ...a, lastTransferId: at(99) }));
    const r = check(known, [...journal, ...extra]);
    const bad = new Map(
      r.problems
        .filter((p) => p.kind === 'bad_transfer' && p.account === undefined) // not chain breaks
        .map((p) => [p.transferId, p.message]),
    );
    for (const ms of [10, 11, 12, 13, 3, 5]) expect(bad.has(at(ms))).toBe(true);
    expect(bad.get(at(3))).toBe(`transfer ${at(3)} names a missing account g:x`);
    expect(bad.get(at(13))).toContain('not [sys:cash, u:a]');
  });

  it('a transfer missing from one side only unbalances debits and credits, and the journal count', () => {
    const { accounts, journal } = healthy();
    // t2 (u:a -> u:b) lists only u:b: u:a's history misses it.
    journal[1] = { ...(journal[1] as JournalTransfer), accounts: ['u:b', 'u:b'] };
    const r = check([...accounts.values()], journal);
    const messages = r.problems.map((p) => p.message).join('\n');
    expect(messages).toContain('debit 1550 but credit 1850');
    expect(messages).toContain('the journal holds 6 transfers');
  });
});

describe('the check under live traffic (watermark)', () => {
  /**
   * u:a is read, then a transfer u:a -> u:b commits, then u:b is read: u:a's legs stop
   * at its lastTransferId, u:b's include the new one. Both accounts are consistent;
   * the global sums hold because the new transfer is above the watermark.
   */
  function racing(watermarkMs: number) {
    const l = healthy();
    const tally = new LedgerTally(watermarkMs);
    const order: LedgerAccountId[] = ['g:x', 'sys:cash', 'u:a'];
    const scans = order.map((id) => scanOne(read(l.accounts.get(id)), l.journal, tally));
    l.post([7, 'u:a', 'u:b', 25]); // commits after u:a was read
    scans.push(scanOne(read(l.accounts.get('u:b')), l.journal, tally));
    for (const s of scans) {
      s.settleOthers(new Set(l.accounts.keys()));
      tally.add(s);
    }
    return tally.report(l.journal.filter((t) => t._id <= tally.watermark).length);
  }

  it('a healthy ledger moving during the check is ok: each account up to its own state', () => {
    const r = racing(6);
    expect(r).toEqual({ ok: true, accounts: 4, transfers: 6, total: 0, problems: [] });
  });

  it('sums with a watermark above a transfer that committed during the check would not add up', () => {
    // What the settle margin (SETTLE_MS) prevents: a watermark too recent.
    expect(kinds(racing(7))).toEqual([
      ['nonzero_total', null],
      ['nonzero_total', null],
      ['bad_transfer', null],
    ]);
  });

  it('legs newer than the account as read are left out, and only legs up to the watermark are summed', () => {
    const { accounts, journal } = healthy();
    const a = { ...read(accounts.get('u:a')), lastTransferId: at(4) };
    const scan = new AccountScan(a, watermarkId(3));
    for (const t of journal.filter((x) => (x.accounts as string[]).includes('u:a'))) scan.add(t);
    expect(scan.derived).toBe(550); // t1, t2, t3, t4: not t5, t6
    expect(scan.atWatermark).toEqual({ debits: 500, credits: 1000, transfers: 2, balance: 500 });
    expect(scan.balanceAtWatermark()).toBe(500);
  });

  it('watermarkId sorts above every id of its millisecond and below the next', () => {
    const w = watermarkId(1_700_000_000_000);
    expect(newId(1_700_000_000_000) <= w).toBe(true);
    expect(newId(1_700_000_000_001) > w).toBe(true);
  });

  it('legFilter bounds the read by the account as read, or not at all before its first leg', () => {
    expect(legFilter({ _id: 'u:a', type: 'user', balance: 0 })).toEqual({ accounts: 'u:a' });
    expect(legFilter({ _id: 'u:a', type: 'user', balance: 5, lastTransferId: 'x' })).toEqual({
      accounts: 'u:a',
      _id: { $lte: 'x' },
    });
  });
});
