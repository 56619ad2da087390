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

  it('step 3 keeps existing sessions: version 0, absolute expiry = their current expiry', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 2));
    db.prepare(
      `INSERT INTO users (id, account_number, full_name, phone, password_hash, created_at,
        password_changed_at) VALUES ('u1', 1000, 'A', '+1', 'h', 1, 1)`,
    ).run();
    db.prepare(
      `INSERT INTO sessions (id, user_id, refresh_hash, created_at, last_used_at, expires_at,
        auth_time, user_agent, ip) VALUES ('s1', 'u1', 'r', 1, 1, 5000, 1, '', '')`,
    ).run();
    migrate(db);
    expect(db.prepare('SELECT credential_version FROM users').pluck().get()).toBe(0);
    expect(
      db.prepare('SELECT credential_version, absolute_expires_at FROM sessions').get(),
    ).toEqual({ credential_version: 0, absolute_expires_at: 5000 });
    db.close();
  });
});
