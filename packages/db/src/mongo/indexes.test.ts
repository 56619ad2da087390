import type { Document, IndexDescription } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { NAMES } from './collections.ts';
import { planIndexes } from './indexes.ts';
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

  it('a retired index still there is dropped, and never counts as a match or a blocker', () => {
    const flow: IndexDescription = { key: { accounts: 1, createdAt: 1 }, name: 'new_name' };
    const listed = [idIndex, { v: 2, key: { accounts: 1, createdAt: 1 }, name: 'old' }];
    expect(planIndexes('t', [flow], listed, ['old'])).toEqual({
      create: [flow],
      drop: ['old'],
      conflicts: [],
    });
    expect(planIndexes('t', [], [idIndex], ['old']).drop).toEqual([]);
  });

  it('the retired flowSums index is dropped from transfers', () => {
    const transfers = SPECS.find((s) => s.name === NAMES.transfers);
    expect(transfers?.retiredIndexes).toContain('accounts_createdAt');
    expect(transfers?.indexes.map((i) => i.name)).not.toContain('accounts_createdAt');
  });

  it("the store's own specs plan cleanly over themselves (no self-conflict on restart)", () => {
    for (const s of SPECS) {
      const listed = [idIndex, ...s.indexes.map((i) => ({ v: 2, ...i }))];
      expect(planIndexes(s.name, s.indexes, listed, s.retiredIndexes)).toEqual({
        create: [],
        drop: [],
        conflicts: [],
      });
    }
  });
});
