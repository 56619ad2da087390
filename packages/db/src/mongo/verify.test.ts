import { describe, expect, it } from 'vitest';
import { type AccountBalance, compareLedger } from './verify.ts';

const sums = (credits: [string, number][], debits: [string, number][]) => ({
  credits: new Map(credits),
  debits: new Map(debits),
});

// sys:cash paid 1000 to u:a, which sent 300 to u:b.
const healthy: AccountBalance[] = [
  { id: 'sys:cash', type: 'system', balance: -1000 },
  { id: 'u:a', type: 'user', balance: 700 },
  { id: 'u:b', type: 'user', balance: 300 },
];
const journal = sums(
  [
    ['u:a', 1000],
    ['u:b', 300],
  ],
  [
    ['sys:cash', 1000],
    ['u:a', 300],
  ],
);

describe('compareLedger', () => {
  it('a consistent ledger is ok and reports its counts', () => {
    expect(compareLedger(healthy, journal, [], 2)).toEqual({
      ok: true,
      accounts: 3,
      transfers: 2,
      total: 0,
      problems: [],
    });
  });

  it('a stored balance that differs from the journal is a mismatch, and breaks the total', () => {
    const accounts = healthy.map((a) => (a.id === 'u:b' ? { ...a, balance: 301 } : a));
    const report = compareLedger(accounts, journal, [], 2);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => [p.kind, p.account, p.stored, p.derived])).toEqual([
      ['balance_mismatch', 'u:b', 301, 300],
      ['nonzero_total', undefined, undefined, undefined],
    ]);
  });

  it('a customer account below zero is reported; the system account may be negative', () => {
    const accounts: AccountBalance[] = [
      { id: 'sys:cash', type: 'system', balance: 50 },
      { id: 'u:a', type: 'user', balance: -50 },
    ];
    const report = compareLedger(accounts, sums([['sys:cash', 50]], [['u:a', 50]]), [], 1);
    expect(report.problems.map((p) => [p.kind, p.account])).toEqual([['negative_balance', 'u:a']]);
  });

  it('bad transfers and transfers naming a missing account are reported', () => {
    const report = compareLedger(
      healthy,
      sums([...journal.credits, ['g:gone', 5]], [...journal.debits]),
      ['t1'],
      3,
    );
    expect(report.problems.map((p) => [p.kind, p.transferId ?? p.account])).toEqual([
      ['bad_transfer', 't1'],
      ['balance_mismatch', 'g:gone'],
    ]);
  });

  it('a balance that is not a number (an unpromoted Long read as NaN) is a mismatch', () => {
    const accounts = healthy.map((a) => (a.id === 'u:a' ? { ...a, balance: Number.NaN } : a));
    const report = compareLedger(accounts, journal, [], 2);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ kind: 'balance_mismatch', account: 'u:a' });
  });
});
