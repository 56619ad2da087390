import { userAccount } from '@quickpay/db';
import { openSqliteStore } from '@quickpay/db/sqlite';
import Database from 'better-sqlite3';

export interface Account {
  id: string;
  accountNumber: number;
  token: string;
}

export interface Ledger {
  /** idempotency key -> what the server acknowledged */
  acked: Map<string, { id: string; from: string; to: string; amount: number }>;
  refused: Set<string>;
}

/**
 * Every customer balance in one statement (one read snapshot under WAL), like a
 * client reading all accounts in one transaction. Null while the file is busy.
 */
export function snapshotBalances(dbFile: string, accounts: Account[]) {
  let db: Database.Database | null = null;
  try {
    db = new Database(dbFile, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 2000');
    const ids = accounts.map((a) => userAccount(a.id));
    const rows = db
      .prepare(
        `SELECT id, balance FROM ledger_accounts WHERE id IN (${ids.map(() => '?').join(',')})`,
      )
      .all(...ids) as { id: string; balance: number }[];
    const balances = new Map(rows.map((r) => [r.id, r.balance]));
    return { balances, total: rows.reduce((s, r) => s + r.balance, 0) };
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

/** After the run: replay, totals, and exactly-once for every acknowledged transfer. */
export async function checkFinal(
  dbFile: string,
  accounts: Account[],
  ledger: Ledger,
  total: number,
) {
  const problems: string[] = [];
  const store = openSqliteStore({ file: dbFile });
  try {
    const report = await store.verifyLedger();
    for (const p of report.problems) problems.push(`ledger: ${p.message}`);

    const byKey = new Map<string, { id: string; amount: number; count: number }>();
    let sum = 0;
    for (const a of accounts) {
      const acct = userAccount(a.id);
      const balance = await store.getBalance(acct);
      sum += balance;
      let replay = 0;
      let cursor: string | null = null;
      do {
        const page = await store.listHistory(acct, { cursor, limit: 100 });
        for (const item of page.items) {
          replay += item.amount;
          const t = item.transfer;
          if (t.kind !== 'transfer' || t.debit.account !== acct) continue;
          const seen = byKey.get(t.idempotencyKey);
          byKey.set(t.idempotencyKey, {
            id: t.id,
            amount: t.amount,
            count: (seen?.count ?? 0) + 1,
          });
        }
        cursor = page.nextCursor;
      } while (cursor);
      if (replay !== balance)
        problems.push(`${acct}: balance ${balance} != replay of history ${replay}`);
      if (balance < 0) problems.push(`${acct}: negative balance ${balance}`);
    }
    if (sum !== total) problems.push(`total ${sum} != ${total}`);
    for (const [key, ack] of ledger.acked) {
      const found = byKey.get(key);
      if (!found) problems.push(`acknowledged transfer ${ack.id} (key ${key}) is missing`);
      else if (found.count !== 1)
        problems.push(`transfer with key ${key} present ${found.count} times`);
      else if (found.id !== ack.id || found.amount !== ack.amount)
        problems.push(
          `transfer ${key} differs: stored ${found.id}/${found.amount}, acked ${ack.id}/${ack.amount}`,
        );
    }
    for (const key of ledger.refused)
      if (byKey.has(key)) problems.push(`refused transfer ${key} is present`);
  } finally {
    await store.close();
  }
  return problems;
}
