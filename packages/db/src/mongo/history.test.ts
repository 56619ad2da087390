import type { Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { historyLimit as clampLimit } from '../rules.ts';
import { NAMES } from './collections.ts';
import {
  decodeCursor,
  encodeCursor,
  flowPipeline,
  flowsFromRows,
  historyFilter,
  toEntry,
} from './history.ts';
import { SPECS } from './specs.ts';
import { transferDoc } from './test-fixtures.ts';

const spec = (name: string) => {
  const found = SPECS.find((s) => s.name === name);
  if (!found) throw new Error(`no spec for ${name}`);
  return found;
};

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

  it('flowSums scans each side once, over the span of all ranges, one sum per range', () => {
    const d = (t: number) => new Date(t);
    const ranges = [
      { from: d(10), to: d(20) },
      { from: d(0), to: d(30) },
    ];
    const inRange = (from: Date, to: Date) => ({
      $and: [{ $gte: ['$createdAt', from] }, { $lt: ['$createdAt', to] }],
    });
    expect(flowPipeline('credit', 'u:a', ranges)).toEqual([
      { $match: { 'credit.account': 'u:a', createdAt: { $gte: d(0), $lt: d(30) } } },
      {
        $group: {
          _id: null,
          r0: { $sum: { $cond: [inRange(d(10), d(20)), '$amount', 0] } },
          r1: { $sum: { $cond: [inRange(d(0), d(30)), '$amount', 0] } },
        },
      },
    ]);
    expect(flowPipeline('debit', 'u:a', ranges)[0]).toEqual({
      $match: { 'debit.account': 'u:a', createdAt: { $gte: d(0), $lt: d(30) } },
    });
  });

  it.each(['debit', 'credit'] as const)(
    'the %s flow pipeline reads only fields of its index, in the index order (covered scan)',
    (side) => {
      const index = spec(NAMES.transfers).indexes.find((i) => i.name === `${side}_flow`);
      const keys = Object.keys(index?.key ?? {});
      const [match, group] = flowPipeline(side, 'u:a', [{ from: new Date(0), to: new Date(1) }]);
      // Equality on the first key, range on the second: the index bounds are tight.
      expect(Object.keys(match?.$match ?? {})).toEqual(keys.slice(0, 2));
      // Field paths are the "$..." strings in value position (operators are keys).
      const paths = [...JSON.stringify(group?.$group).matchAll(/"\$([\w.]+)"(?!:)/g)].map(
        (m) => m[1],
      );
      expect(paths.sort()).toEqual(['amount', 'createdAt', 'createdAt']);
      for (const p of paths) expect(keys).toContain(p);
    },
  );

  it('flowSums pipelines, evaluated over stored transfers, give the contract sums', () => {
    const t = (debit: string, credit: string, amount: number, day: number) => ({
      ...transferDoc,
      debit: { ...transferDoc.debit, account: debit },
      credit: { ...transferDoc.credit, account: credit },
      accounts: [debit, credit],
      amount,
      createdAt: new Date(day * DAY),
    });
    const docs = [
      t('sys:cash', 'u:a', 10_000, 0),
      t('u:a', 'u:r', 1234, 1),
      t('u:r', 'u:a', 200, 1),
      t('u:a', 'g:b', 501, 1),
      t('u:a', 'sys:cash', 7, 2),
      t('g:b', 'u:a', 1, 2),
    ];
    const range = (a: number, b: number) => ({ from: new Date(a * DAY), to: new Date(b * DAY) });
    const ranges = [range(1, 2), range(0, 1), range(0, 3), range(5, 6), range(2, 3)];
    const rows = (['credit', 'debit'] as const).map((side) =>
      runFlowPipeline(flowPipeline(side, 'u:a', ranges), docs),
    );
    expect(flowsFromRows(ranges, rows[0], rows[1])).toEqual([
      { income: 200, expense: -1735 },
      { income: 10_000, expense: 0 },
      { income: 10_201, expense: -1742 },
      { income: 0, expense: 0 },
      { income: 1, expense: -7 },
    ]);
    expect(Object.is(flowsFromRows(ranges, undefined, undefined)[0]?.expense, -0)).toBe(false);
  });
});

const DAY = 86_400_000;

/**
 * Just enough of MongoDB's $match/$group semantics for the flow pipeline: equality on a
 * dotted path, a $gte/$lt range, and $sum of $cond over $and/$gte/$lt. Returns the
 * group row, or undefined when nothing matched (as the server returns no row).
 */
function runFlowPipeline(pipeline: Document[], docs: object[]): Document | undefined {
  const get = (doc: object, path: string): unknown =>
    path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], doc);
  const value = (doc: object, e: unknown): unknown =>
    typeof e === 'string' && e.startsWith('$') ? get(doc, e.slice(1)) : e;
  const cmp = (x: unknown) => (x instanceof Date ? x.getTime() : Number(x));
  const evaluate = (doc: object, e: Document): unknown => {
    if (e.$and) return (e.$and as Document[]).every((x) => evaluate(doc, x));
    if (e.$gte) return cmp(value(doc, e.$gte[0])) >= cmp(value(doc, e.$gte[1]));
    if (e.$lt) return cmp(value(doc, e.$lt[0])) < cmp(value(doc, e.$lt[1]));
    if (e.$cond) return evaluate(doc, e.$cond[0]) ? value(doc, e.$cond[1]) : value(doc, e.$cond[2]);
    throw new Error(`unsupported expression ${JSON.stringify(e)}`);
  };
  const [{ $match }, { $group }] = pipeline as [Document, Document];
  const matched = docs.filter((doc) =>
    Object.entries($match as Document).every(([path, cond]) => {
      const v = get(doc, path);
      if (cond instanceof Object && '$gte' in cond) {
        return cmp(v) >= cmp(cond.$gte) && cmp(v) < cmp(cond.$lt);
      }
      return v === cond;
    }),
  );
  if (matched.length === 0) return undefined;
  const row: Document = { _id: null };
  for (const [field, acc] of Object.entries($group as Document)) {
    if (field === '_id') continue;
    row[field] = matched.reduce((s, doc) => s + Number(evaluate(doc, acc.$sum)), 0);
  }
  return row;
}
