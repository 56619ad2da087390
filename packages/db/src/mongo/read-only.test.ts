import { describe, expect, it } from 'vitest';
import { schemaRefusal } from '../sqlite/read-only.ts';
import { NAMES } from './collections.ts';
import { missingLedger, readsFrom } from './read-only.ts';

const where = 'database "quickpay" at mongodb://h/';
const ALL = Object.values(NAMES);

describe('ledger:verify refuses a missing MongoDB ledger', () => {
  it('a database with the ledger collections and a system account is checked', () => {
    expect(missingLedger(where, ALL, true)).toBeNull();
  });

  it('a new (mistyped) database, with no collections, is refused with the set-up command', () => {
    expect(missingLedger(where, [], false)).toBe(
      `no Quickpay ledger in ${where} (no ledgerAccounts or transfers collection): ` +
        'is the database name right? A new database is set up with `pnpm db:setup`.',
    );
  });

  it('a database missing one collection, or the system account, is refused', () => {
    expect(
      missingLedger(
        where,
        ALL.filter((n) => n !== NAMES.transfers),
        true,
      ),
    ).toContain('(no transfers collection)');
    expect(missingLedger(where, ALL, false)).toContain('(no system (cash) account)');
  });
});

describe('ledger:verify says which member it reads', () => {
  it('a secondary when the set has one, else the primary; through mongos as it routes', () => {
    expect(readsFrom({ hosts: ['a:1', 'b:1', 'c:1'] })).toMatch(/^read from a secondary/);
    expect(readsFrom({ hosts: ['a:1'] })).toMatch(/^read from the primary/);
    expect(readsFrom({ msg: 'isdbgrid' })).toMatch(/^read through mongos/);
  });
});

describe('ledger:verify refuses a SQLite file it should not check', () => {
  it('same schema: checked; none, newer or older: refused with what to do', () => {
    expect(schemaRefusal('f', 7, 7)).toBeNull();
    expect(schemaRefusal('f', 0, 7)).toBe('f is not a Quickpay ledger (it has no schema)');
    expect(schemaRefusal('f', 8, 7)).toContain('newer than this code (v7)');
    expect(schemaRefusal('f', 6, 7)).toContain('`pnpm db:setup`');
  });
});
