import type { Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { type SchemaFacts, setupNeeded, setupRefusal, validatorsHash } from './setup.ts';
import { SPECS } from './specs.ts';

/** A database exactly as `pnpm db:setup` leaves it, as start reads it. */
function setUp(): SchemaFacts {
  const indexes: Record<string, Document[]> = {};
  for (const spec of SPECS) {
    indexes[spec.name] = [
      { v: 2, key: { _id: 1 }, name: '_id_' },
      ...spec.indexes.map((i) => ({ v: 2, ...i })),
    ];
  }
  return {
    collections: SPECS.map((s) => s.name),
    indexes,
    marker: validatorsHash(),
    hasSystemAccount: true,
    hasCounter: true,
  };
}

describe('start verifies, set-up changes (setup-vs-verify at start)', () => {
  it('a set-up database needs nothing: start opens it without changing anything', () => {
    expect(setupNeeded(setUp())).toEqual([]);
  });

  it('a new (empty) database needs set-up: every collection is named', () => {
    const empty: SchemaFacts = {
      collections: [],
      indexes: {},
      marker: null,
      hasSystemAccount: false,
      hasCounter: false,
    };
    const needs = setupNeeded(empty);
    expect(needs).toEqual(SPECS.map((s) => `collection ${s.name} is missing`));
  });

  it('a missing index needs set-up (start never builds one); an unspecified one does not', () => {
    const facts = setUp();
    const transfers = (facts.indexes.transfers ?? []).filter((i) => i.name !== 'credit_flow');
    expect(setupNeeded({ ...facts, indexes: { ...facts.indexes, transfers } })).toEqual([
      'transfers: index credit_flow is missing',
    ]);
    // Left over from an earlier release: costs writes, not correctness; set-up drops it.
    const leftover = [
      ...(facts.indexes.transfers ?? []),
      { v: 2, key: { accounts: 1, createdAt: 1 }, name: 'accounts_createdAt' },
    ];
    expect(setupNeeded({ ...facts, indexes: { ...facts.indexes, transfers: leftover } })).toEqual(
      [],
    );
  });

  it('validators not recorded, or from another release, need set-up (no collMod at start)', () => {
    expect(setupNeeded({ ...setUp(), marker: null })).toEqual([
      'no record that set-up applied the validators',
    ]);
    expect(setupNeeded({ ...setUp(), marker: validatorsHash() ^ 1 })).toEqual([
      'the validators are from another release',
    ]);
  });

  it('missing seed documents need set-up', () => {
    expect(setupNeeded({ ...setUp(), hasSystemAccount: false, hasCounter: false })).toEqual([
      'a system (cash) sub-account is missing',
      'the account-number counter is missing',
    ]);
  });

  it('the refusal names the database, what is missing and the command to run', () => {
    expect(setupRefusal('database "qp" at mongodb://h/', ['collection users is missing'])).toBe(
      'MongoDB database "qp" at mongodb://h/ needs set-up before Quickpay can start: ' +
        'collection users is missing. Run `pnpm db:setup` with the same MONGODB_URI (it ' +
        'creates or updates collections, validators and indexes, comparing first), then start again.',
    );
  });

  it('the validators hash is a stable int32 that changes with any validator', () => {
    const h = validatorsHash();
    expect(Number.isInteger(h) && h >= 0 && h < 2 ** 31).toBe(true);
    expect(validatorsHash()).toBe(h);
    const changed = SPECS.map((s, i) =>
      i === 0 ? { ...s, validator: { ...s.validator, description: 'x' } } : s,
    );
    expect(validatorsHash(changed)).not.toBe(h);
  });
});
