import { describe, expect, it } from 'vitest';
import {
  clampLimit,
  decodeCursor,
  encodeCursor,
  flowPipeline,
  historyFilter,
  toEntry,
} from './history.ts';
import { transferDoc } from './test-fixtures.ts';

describe('history helpers', () => {
  it('a cursor decodes to the id it was made from', () => {
    const id = 'lqx0000000abcdefghijkl';
    expect(decodeCursor(encodeCursor(id))).toBe(id);
    expect(encodeCursor(id)).not.toContain(id);
  });

  it('a cursor that is not an encoded id is refused with RangeError', () => {
    expect(() => decodeCursor(Buffer.from('{"$gt":""}').toString('base64url'))).toThrow(RangeError);
    expect(() => decodeCursor('')).toThrow(RangeError);
    expect(() => decodeCursor(encodeCursor('ABC'))).toThrow(RangeError);
  });

  it('the page size defaults to 20 and stays within 1..100', () => {
    expect(clampLimit(undefined)).toBe(20);
    expect(clampLimit(0)).toBe(1);
    expect(clampLimit(-3)).toBe(1);
    expect(clampLimit(7.9)).toBe(7);
    expect(clampLimit(1000)).toBe(100);
  });

  it('the filter holds the account, the cursor bound, kinds and the date range', () => {
    const from = new Date(1000);
    const to = new Date(2000);
    expect(
      historyFilter('u:a', {
        cursor: encodeCursor('abc'),
        kinds: ['deposit', 'transfer'],
        from,
        to,
      }),
    ).toEqual({
      accounts: 'u:a',
      _id: { $lt: 'abc' },
      kind: { $in: ['deposit', 'transfer'] },
      createdAt: { $gte: from, $lt: to },
    });
    expect(historyFilter('u:a', { kinds: [], q: '   ' })).toEqual({ accounts: 'u:a' });
    expect(historyFilter('u:a', { to })).toEqual({ accounts: 'u:a', createdAt: { $lt: to } });
  });

  it("q searches the note or the other side's label, never the account's own", () => {
    const filter = historyFilter('u:a', { q: 'Ravi' });
    expect(filter.$or).toEqual([
      { note: /Ravi/i },
      { 'debit.account': 'u:a', 'credit.label': /Ravi/i },
      { 'credit.account': 'u:a', 'debit.label': /Ravi/i },
    ]);
  });

  it('q is matched literally and case-insensitively', () => {
    const re = (q: string) => {
      const first = historyFilter('u:a', { q }).$or?.[0] as { note: RegExp };
      return first.note;
    };
    expect(re('.*').test('anything')).toBe(false);
    expect(re('.*').test('a .* b')).toBe(true);
    expect(re('a_b').test('axb')).toBe(false);
    expect(re('100%').test('100% SURE')).toBe(true);
    expect(re('\\').test('back\\slash')).toBe(true);
    expect(re('(x').test('(X)')).toBe(true);
    expect(re('mArCh r').test('March RENT share')).toBe(true);
  });

  it('an entry is signed from the account’s side, with its balance and the other side', () => {
    const out = toEntry('u:a', transferDoc);
    expect(out).toMatchObject({ amount: -300, balanceAfter: 700 });
    expect(out.counterparty.label).toBe('Ravi Kumar');
    const inn = toEntry('u:r', transferDoc);
    expect(inn).toMatchObject({ amount: 300, balanceAfter: 300 });
    expect(inn.counterparty.label).toBe('Asha Rao');
  });

  it('flowSums matches [from, to) and sums credits as income, debits as expense', () => {
    const from = new Date(0);
    const to = new Date(10);
    expect(flowPipeline('u:a', { from, to })).toEqual([
      { $match: { accounts: 'u:a', createdAt: { $gte: from, $lt: to } } },
      {
        $group: {
          _id: null,
          income: { $sum: { $cond: [{ $eq: ['$credit.account', 'u:a'] }, '$amount', 0] } },
          expense: { $sum: { $cond: [{ $eq: ['$debit.account', 'u:a'] }, '$amount', 0] } },
        },
      },
    ]);
  });
});
