import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './migrations.ts';

/** The statement createFlowSums (history.ts) prepares, for each side. */
const flowSql = (side: 'debit' | 'credit') =>
  `SELECT COALESCE(SUM(amount), 0) FROM transfers
   WHERE ${side}_account = ? AND created_at >= ? AND created_at < ?`;

const plan = (db: Database.Database, sql: string) =>
  db
    .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
    .all('u:x', 0, 1)
    .map((r) => r.detail)
    .join('; ');

describe('sqlite migrations', () => {
  it('flowSums reads each side from its covering (account, created_at, amount) index', () => {
    const db = new Database(':memory:');
    migrate(db);
    expect(plan(db, flowSql('debit'))).toContain('USING COVERING INDEX transfers_debit_flow');
    expect(plan(db, flowSql('credit'))).toContain('USING COVERING INDEX transfers_credit_flow');
    db.close();
  });

  it('upgrades a version-1 database in place, keeping its rows', () => {
    const db = new Database(':memory:');
    expect(migrate(db, MIGRATIONS.slice(0, 1))).toBe(1);
    db.prepare("INSERT INTO ledger_accounts (id, type, label) VALUES ('u:a', 'user', 'A')").run();
    expect(plan(db, flowSql('debit'))).not.toContain('transfers_debit_flow');
    expect(migrate(db)).toBe(MIGRATIONS.length);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(plan(db, flowSql('debit'))).toContain('transfers_debit_flow');
    expect(db.prepare("SELECT label FROM ledger_accounts WHERE id = 'u:a'").pluck().get()).toBe(
      'A',
    );
    db.close();
  });
});
