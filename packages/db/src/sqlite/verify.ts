import type Database from 'better-sqlite3';
import type { LedgerAccountId } from '../ids.ts';
import type { LedgerProblem, LedgerReport } from '../types.ts';

/** Re-derives every balance from the journal (credits - debits) and checks the invariants. */
export function verifyLedger(db: Database.Database): LedgerReport {
  // One read transaction, so the balances and the journal are the same snapshot.
  return db
    .transaction(() => {
      const rows = db
        .prepare<[], { id: LedgerAccountId; type: string; balance: number; derived: number }>(`
        SELECT a.id, a.type, a.balance, COALESCE(c.total, 0) - COALESCE(d.total, 0) AS derived
        FROM ledger_accounts a
        LEFT JOIN (SELECT credit_account AS id, SUM(amount) AS total FROM transfers GROUP BY 1) c
          ON c.id = a.id
        LEFT JOIN (SELECT debit_account AS id, SUM(amount) AS total FROM transfers GROUP BY 1) d
          ON d.id = a.id`)
        .all();
      const problems: LedgerProblem[] = [];
      let total = 0;
      for (const r of rows) {
        total += r.balance;
        if (r.balance !== r.derived) {
          problems.push({
            kind: 'balance_mismatch',
            account: r.id,
            stored: r.balance,
            derived: r.derived,
            message: `${r.id}: stored ${r.balance}, journal says ${r.derived}`,
          });
        }
        if (r.type !== 'system' && r.balance < 0) {
          problems.push({
            kind: 'negative_balance',
            account: r.id,
            stored: r.balance,
            message: `${r.id} is below zero: ${r.balance}`,
          });
        }
      }
      if (total !== 0) {
        problems.push({ kind: 'nonzero_total', message: `balances sum to ${total}, not 0` });
      }
      const bad = db
        .prepare<[], { id: string; amount: number }>(
          'SELECT id, amount FROM transfers WHERE amount <= 0 OR debit_account = credit_account',
        )
        .all();
      for (const t of bad) {
        problems.push({
          kind: 'bad_transfer',
          transferId: t.id,
          message: `transfer ${t.id} has amount ${t.amount} or debits and credits one account`,
        });
      }
      // Journal lines pointing at accounts that do not exist are a mismatch too.
      const orphans = db
        .prepare<[], { id: string }>(`
        SELECT t.id FROM transfers t
        WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.id = t.debit_account)
           OR NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.id = t.credit_account)`)
        .all();
      for (const t of orphans) {
        problems.push({
          kind: 'bad_transfer',
          transferId: t.id,
          message: `transfer ${t.id} names a missing account`,
        });
      }
      const transfers = db.prepare<[], number>('SELECT COUNT(*) FROM transfers').pluck().get() ?? 0;
      return { ok: problems.length === 0, accounts: rows.length, transfers, total, problems };
    })
    .deferred();
}
