import { describe, expect, it } from 'vitest';
import { filterPayees, mergePayees } from './payees.ts';

const paid = (n: number, name: string, at: string, amount = -100) => ({
  amount,
  createdAt: at,
  counterparty: { name, accountNumber: n },
});

describe('mergePayees', () => {
  it('puts the most recently paid first, then other contacts by name, once each', () => {
    const list = mergePayees(
      [
        { accountNumber: 1003, nickname: 'Zoya' },
        { accountNumber: 1002, nickname: 'Bina' },
        { accountNumber: 1005, nickname: 'Arun' },
      ],
      [
        paid(1002, 'Bina Kapoor', '2026-12-04T10:00:00Z'),
        paid(1004, 'Ravi Shah', '2026-12-03T10:00:00Z'),
        paid(1002, 'Bina Kapoor', '2026-12-02T10:00:00Z'),
        paid(1009, 'Money In', '2026-12-01T10:00:00Z', 500), // received, not paid
      ],
    );
    expect(list.map((p) => [p.name, p.isContact, p.lastPaid !== null])).toEqual([
      ['Bina', true, true],
      ['Ravi Shah', false, true],
      ['Arun', true, false],
      ['Zoya', true, false],
    ]);
  });

  it('searches names and account numbers', () => {
    const list = mergePayees(
      [{ accountNumber: 1002, nickname: 'Bina' }],
      [paid(2044, 'Ravi', 'x')],
    );
    expect(filterPayees(list, 'bin').map((p) => p.accountNumber)).toEqual([1002]);
    expect(filterPayees(list, '204').map((p) => p.accountNumber)).toEqual([2044]);
    expect(filterPayees(list, '  ')).toHaveLength(2);
  });
});
