import type { Document, IndexDescription } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { NAMES } from './collections.ts';
import { keptIndex, planIndexes } from './indexes.ts';
import { SPECS } from './specs.ts';

const phone: IndexDescription = { key: { phone: 1 }, name: 'phone_unique', unique: true };
const ttl: IndexDescription = { key: { expiresAt: 1 }, name: 'ttl', expireAfterSeconds: 0 };
const idIndex: Document = { v: 2, key: { _id: 1 }, name: '_id_' };

describe('index plan at start', () => {
  it('a fresh collection gets every wanted index', () => {
    expect(planIndexes('users', [phone, ttl], [idIndex])).toEqual({
      create: [phone, ttl],
      drop: [],
      conflicts: [],
    });
  });

  it('indexes already there, as the server lists them, are left alone', () => {
    const listed = [
      idIndex,
      { v: 2, key: { phone: 1 }, name: 'phone_unique', unique: true },
      { v: 2, key: { expiresAt: 1 }, name: 'ttl', expireAfterSeconds: 0 },
    ];
    expect(planIndexes('users', [phone, ttl], listed)).toEqual({
      create: [],
      drop: [],
      conflicts: [],
    });
  });

  it('the same index under another name satisfies the wanted one', () => {
    const listed = [idIndex, { v: 2, key: { phone: 1 }, name: 'phone_1', unique: true }];
    expect(planIndexes('users', [phone], listed).create).toEqual([]);
  });

  it('a non-unique index where uniqueness is wanted is a conflict naming the fix', () => {
    const listed = [idIndex, { v: 2, key: { phone: 1 }, name: 'phone_1' }];
    const plan = planIndexes('users', [phone], listed);
    expect(plan.create).toEqual([]);
    expect(plan.conflicts).toHaveLength(1);
    expect(plan.conflicts[0]).toContain("db.users.dropIndex('phone_1')");
  });

  it('a wanted name taken by another key or other options is a conflict', () => {
    const otherKey = [idIndex, { v: 2, key: { phone: 1, x: 1 }, name: 'phone_unique' }];
    expect(planIndexes('users', [phone], otherKey).conflicts).toHaveLength(1);
    const otherTtl = [
      idIndex,
      { v: 2, key: { expiresAt: 1 }, name: 'ttl', expireAfterSeconds: 60 },
    ];
    expect(planIndexes('users', [ttl], otherTtl).conflicts).toHaveLength(1);
  });

  it('key order matters: {a, b} is not {b, a}', () => {
    const want: IndexDescription = { key: { a: 1, b: 1 }, name: 'ab' };
    const plan = planIndexes('c', [want], [idIndex, { v: 2, key: { b: 1, a: 1 }, name: 'ba' }]);
    expect(plan.create).toEqual([want]);
  });

  it('an index no spec names any more is dropped; _id_ and keep_* indexes never are', () => {
    const wanted: IndexDescription = { key: { accounts: 1, _id: -1 }, name: 'history' };
    const listed = [
      idIndex,
      { v: 2, key: { accounts: 1, _id: -1 }, name: 'history' },
      { v: 2, key: { accounts: 1, createdAt: 1 }, name: 'accounts_createdAt' },
      { v: 2, key: { ownerId: 1 }, name: 'ownerId' },
      { v: 2, key: { note: 1 }, name: 'keep_reporting' },
    ];
    expect(planIndexes('t', [wanted], listed)).toEqual({
      create: [],
      drop: ['accounts_createdAt', 'ownerId'],
      conflicts: [],
    });
    expect(keptIndex('_id_') && keptIndex('keep_x') && !keptIndex('keeper')).toBe(true);
  });

  it('a wanted index under another name is kept (it matches); a blocker is left to the operator', () => {
    const flow: IndexDescription = { key: { accounts: 1, createdAt: 1 }, name: 'new_name' };
    const listed = [idIndex, { v: 2, key: { accounts: 1, createdAt: 1 }, name: 'old' }];
    expect(planIndexes('t', [flow], listed)).toEqual({ create: [], drop: [], conflicts: [] });
    const blocking = [idIndex, { v: 2, key: { phone: 1 }, name: 'phone_1' }];
    expect(planIndexes('users', [phone], blocking)).toMatchObject({ drop: [], create: [] });
  });

  it('indexes a query no longer uses are not specified (set-up drops them)', () => {
    const names = (c: string) => SPECS.find((s) => s.name === c)?.indexes.map((i) => i.name);
    expect(names(NAMES.transfers)).not.toContain('accounts_createdAt');
    expect(names(NAMES.ledgerAccounts)).toEqual([]);
    expect(names(NAMES.sessions)).not.toContain('refreshHash_unique');
    expect(names(NAMES.smsOutbox)).not.toContain('due');
  });

  it("the store's own specs plan cleanly over themselves (no self-conflict on restart)", () => {
    for (const s of SPECS) {
      const listed = [idIndex, ...s.indexes.map((i) => ({ v: 2, ...i }))];
      expect(planIndexes(s.name, s.indexes, listed)).toEqual({
        create: [],
        drop: [],
        conflicts: [],
      });
    }
  });
});
