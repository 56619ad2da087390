import { describe, expect, it } from 'vitest';
import type { LedgerAccountId } from '../ids.ts';
import {
  type AccountBalance,
  brokenChain,
  JournalScan,
  type JournalTransfer,
} from './verify-scan.ts';

/** Posts transfers the way the store does, recording each side's balance after. */
function ledger(moves: [string, LedgerAccountId, LedgerAccountId, number][]) {
  const balances = new Map<LedgerAccountId, number>();
  const journal: JournalTransfer[] = moves.map(([id, debit, credit, amount]) => {
    const d = (balances.get(debit) ?? 0) - amount;
    const c = (balances.get(credit) ?? 0) + amount;
    balances.set(debit, d);
    balances.set(credit, c);
    return {
      _id: id,
      amount,
      debit: { account: debit, balanceAfter: d },
      credit: { account: credit, balanceAfter: c },
    };
  });
  const accounts: AccountBalance[] = [...balances].map(([id, balance]) => ({
    id,
    type: id === 'sys:cash' ? 'system' : id.startsWith('g:') ? 'goal' : 'user',
    balance,
  }));
  return { journal, accounts };
}

const healthy = () =>
  ledger([
    ['t1', 'sys:cash', 'u:a', 1000],
    ['t2', 'u:a', 'u:b', 300],
    ['t3', 'u:a', 'g:x', 200],
    ['t4', 'u:b', 'u:a', 50],
    ['t5', 'g:x', 'u:a', 200],
    ['t6', 'u:a', 'sys:cash', 100],
  ]);

function scan(journal: JournalTransfer[], accounts: AccountBalance[]) {
  const s = new JournalScan();
  for (const t of journal) s.add(t);
  return s.report(accounts);
}

const kinds = (r: ReturnType<typeof scan>) =>
  r.problems.map((p) => [p.kind, p.transferId ?? p.account ?? null]);

describe('ledger scan', () => {
  it('a healthy ledger is ok in any journal order, and counts what it checked', () => {
    const { journal, accounts } = healthy();
    const expected = { ok: true, accounts: 4, transfers: 6, total: 0, problems: [] };
    expect(scan(journal, accounts)).toEqual(expected);
    expect(scan([...journal].reverse(), accounts)).toEqual(expected);
  });

  it('a stored balance that differs from the journal is a mismatch and breaks the total', () => {
    const { journal, accounts } = healthy();
    const edited = accounts.map((a) => (a.id === 'u:b' ? { ...a, balance: a.balance + 1 } : a));
    const r = scan(journal, edited);
    expect(r.ok).toBe(false);
    expect(kinds(r)).toEqual([
      ['balance_mismatch', 'u:b'],
      ['nonzero_total', null],
    ]);
    expect(r.problems[0]).toMatchObject({ stored: 251, derived: 250 });
  });

  it('a customer account below zero is reported; the system account may be negative', () => {
    const { journal, accounts } = ledger([['t1', 'u:a', 'sys:cash', 50]]);
    expect(kinds(scan(journal, accounts))).toEqual([['negative_balance', 'u:a']]);
  });

  it('an edited balance-after names the transfers around the break', () => {
    const { journal, accounts } = healthy();
    const t4 = journal[3] as JournalTransfer;
    journal[3] = { ...t4, credit: { ...t4.credit, balanceAfter: 999 } };
    const r = scan(journal, accounts);
    // On u:a, t3 left 500 and t5 starts from 550, but t4 now reads 949 -> 999: the
    // chain is broken between t3 and t5, and the other accounts are untouched.
    expect(kinds(r)).toEqual([
      ['bad_transfer', 't3'],
      ['bad_transfer', 't4'],
      ['bad_transfer', 't5'],
    ]);
    expect(r.problems.every((p) => p.account === 'u:a')).toBe(true);
  });

  it('an edited amount breaks the balances and the chains of both sides', () => {
    const { journal, accounts } = healthy();
    journal[1] = { ...(journal[1] as JournalTransfer), amount: 301 };
    const r = scan(journal, accounts);
    expect(r.ok).toBe(false);
    const mismatched = r.problems
      .filter((p) => p.kind === 'balance_mismatch')
      .map((p) => p.account);
    expect(mismatched.sort()).toEqual(['u:a', 'u:b']);
    expect(r.problems.some((p) => p.kind === 'bad_transfer' && p.transferId === 't2')).toBe(true);
  });

  it('non-positive, fractional and self transfers, and missing accounts, are bad transfers', () => {
    const { journal, accounts } = healthy();
    const t1 = journal[0] as JournalTransfer;
    const extra: JournalTransfer[] = [
      { ...t1, _id: 'zero', amount: 0 },
      { ...t1, _id: 'frac', amount: 0.5 },
      { ...t1, _id: 'self', credit: { ...t1.debit } },
    ];
    const known = accounts.filter((a) => a.id !== 'g:x');
    const bad = scan([...journal, ...extra], known).problems.filter(
      (p) => p.kind === 'bad_transfer',
    );
    const ids = new Set(bad.map((p) => p.transferId));
    for (const id of ['zero', 'frac', 'self', 't3', 't5']) expect(ids.has(id)).toBe(true);
  });

  it('brokenChain accepts a chain in any order and flags the legs around a break', () => {
    const a = { id: 'a', delta: 100, after: 100 };
    const b = { id: 'b', delta: -30, after: 70 };
    const c = { id: 'c', delta: 5, after: 75 };
    expect(brokenChain([a, b, c], 75)).toEqual([]);
    expect(brokenChain([c, a, b], 75)).toEqual([]);
    expect(brokenChain([], 0)).toEqual([]);
    // b edited to end at 60: a's 100 leads nowhere, b starts from 90, c from 70.
    expect(brokenChain([a, { ...b, after: 60 }, c], 75)).toEqual(['a', 'b', 'c']);
    // A wrong final balance (stored history says 75, journal sum says 80).
    expect(brokenChain([a, b, c], 80)).toEqual(['c']);
  });
});
