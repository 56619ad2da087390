import type Database from 'better-sqlite3';
import type { LedgerAccountId } from '../ids.ts';
import { type AccountCheck, accountProblems } from '../ledger-report.ts';
import type { LedgerReport } from '../types.ts';

/** Each account's stored balance beside credits - debits from the journal. */
const ACCOUNTS = `
  SELECT a.id, a.type, a.balance, COALESCE(c.total, 0) - COALESCE(d.total, 0) AS derived
  FROM ledger_accounts a
  LEFT JOIN (SELECT credit_account AS id, SUM(amount) AS total FROM transfers GROUP BY 1) c
    ON c.id = a.id
  LEFT JOIN (SELECT debit_account AS id, SUM(amount) AS total FROM transfers GROUP BY 1) d
    ON d.id = a.id`;

/**
 * Every transfer records each side's balance right after it. Walking one account's
 * legs in journal order, before + movement must equal the recorded after; a leg that
 * breaks the chain names the transfer that was edited (accounts open at zero).
 */
const BROKEN_LEGS = `
  WITH legs AS (
    SELECT seq, id, debit_account AS account, -amount AS delta, debit_balance_after AS after
      FROM transfers
    UNION ALL
    SELECT seq, id, credit_account, amount, credit_balance_after FROM transfers
  ), chained AS (
    SELECT seq, id, account, delta, after,
      LAG(after, 1, 0) OVER (PARTITION BY account ORDER BY seq) AS before
    FROM legs
  )
  SELECT id, account, before, delta, after FROM chained
  WHERE before + delta <> after ORDER BY seq, account`;

const BAD_ROWS = `
  SELECT t.id, t.amount, t.debit_account, t.credit_account FROM transfers t
  WHERE t.amount <= 0 OR t.debit_account = t.credit_account
     OR NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.id = t.debit_account)
     OR NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.id = t.credit_account)`;

/** Re-derives every balance from the journal (credits - debits) and checks the invariants. */
export function verifyLedger(db: Database.Database): LedgerReport {
  // One read transaction, so the balances and the journal are the same snapshot.
  return db
    .transaction((): LedgerReport => {
      const rows = db.prepare<[], AccountCheck>(ACCOUNTS).all();
      const { total, problems } = accountProblems(rows);
      type Bad = { id: string; amount: number; debit_account: string; credit_account: string };
      for (const t of db.prepare<[], Bad>(BAD_ROWS).all()) {
        problems.push({
          kind: 'bad_transfer',
          transferId: t.id,
          message: `transfer ${t.id}: amount ${t.amount} from ${t.debit_account} to ${t.credit_account} (an amount must be positive, between two different existing accounts)`,
        });
      }
      type Leg = {
        id: string;
        account: LedgerAccountId;
        before: number;
        delta: number;
        after: number;
      };
      for (const l of db.prepare<[], Leg>(BROKEN_LEGS).all()) {
        problems.push({
          kind: 'bad_transfer',
          transferId: l.id,
          account: l.account,
          stored: l.after,
          derived: l.before + l.delta,
          message: `transfer ${l.id} on ${l.account}: balance before ${l.before}, moved ${l.delta}, but recorded after ${l.after}`,
        });
      }
      const transfers = db.prepare<[], number>('SELECT COUNT(*) FROM transfers').pluck().get() ?? 0;
      return { ok: problems.length === 0, accounts: rows.length, transfers, total, problems };
    })
    .deferred();
}
