import { userAccount } from '@quickpay/db';
import { openSqliteStore } from '@quickpay/db/sqlite';
import Database from 'better-sqlite3';

export interface Account {
  id: string;
  accountNumber: number;
  token: string;
}

export interface Acked {
  id: string;
  from: string;
  to: string;
  amount: number;
  /** The sender's balance the server answered with. */
  balance: number;
}

export interface Ledger {
  /** idempotency key -> what the server acknowledged */
  acked: Map<string, Acked>;
  /** keys the server definitely refused (INSUFFICIENT_FUNDS) */
  refused: Set<string>;
}

export type Snapshot = { ok: true; balances: Map<string, number> } | { ok: false; error: string };

/**
 * Every customer balance in one statement, i.e. one read transaction: under WAL a
 * reader sees only committed state, so each snapshot must show the exact total.
 */
export function snapshotBalances(dbFile: string, accounts: Account[]): Snapshot {
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
    return { ok: true, balances: new Map(rows.map((r) => [r.id, r.balance])) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  } finally {
    db?.close();
  }
}

/** What one snapshot must satisfy: every account present, none negative, the total kept. */
export function checkSnapshot(
  snap: Map<string, number>,
  accounts: Account[],
  total: number,
): string[] {
  const problems: string[] = [];
  let sum = 0;
  for (const a of accounts) {
    const balance = snap.get(userAccount(a.id));
    if (balance === undefined) problems.push(`account ${a.accountNumber} missing`);
    else {
      sum += balance;
      if (balance < 0) problems.push(`account ${a.accountNumber} negative: ${balance}`);
    }
  }
  if (sum !== total)
    problems.push(`total ${sum} != ${total} (${JSON.stringify(Object.fromEntries(snap))})`);
  return problems;
}

/**
 * After the run, on the store itself: verifyLedger, each balance equal to the replay
 * of its history (and every balanceAfter on the way), the total, every acknowledged
 * transfer present exactly once with the amount and balance it was acknowledged with,
 * no refused transfer present, and no transfer nobody asked for.
 */
export async function checkFinal(
  dbFile: string,
  accounts: Account[],
  ledger: Ledger,
  total: number,
): Promise<string[]> {
  const problems: string[] = [];
  const store = openSqliteStore({ file: dbFile });
  try {
    const report = await store.verifyLedger();
    for (const p of report.problems) problems.push(`ledger: ${JSON.stringify(p)}`);

    const stored = new Map<string, { id: string; amount: number; balance: number; n: number }>();
    let sum = 0;
    for (const a of accounts) {
      const acct = userAccount(a.id);
      const balance = await store.getBalance(acct);
      sum += balance;
      const entries = [];
      let cursor: string | null = null;
      do {
        const page = await store.listHistory(acct, { cursor, limit: 100 });
        entries.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      let running = 0;
      for (const item of entries.reverse()) {
        running += item.amount;
        if (item.balanceAfter !== running)
          problems.push(
            `account ${a.accountNumber}: transfer ${item.transfer.id} says balance ${item.balanceAfter}, replay gives ${running}`,
          );
        const t = item.transfer;
        if (t.kind !== 'transfer' || t.debit.account !== acct) continue;
        const seen = stored.get(t.idempotencyKey);
        stored.set(t.idempotencyKey, {
          id: t.id,
          amount: t.amount,
          balance: t.debit.balanceAfter,
          n: (seen?.n ?? 0) + 1,
        });
      }
      if (running !== balance)
        problems.push(`account ${a.accountNumber}: balance ${balance} != replay ${running}`);
      if (balance < 0) problems.push(`account ${a.accountNumber}: negative balance ${balance}`);
    }
    if (sum !== total) problems.push(`final total ${sum} != ${total}`);
    for (const [key, ack] of ledger.acked) {
      const found = stored.get(key);
      if (!found) problems.push(`acknowledged transfer ${ack.id} (key ${key}) is missing`);
      else if (found.n !== 1) problems.push(`transfer with key ${key} present ${found.n} times`);
      else if (found.id !== ack.id || found.amount !== ack.amount || found.balance !== ack.balance)
        problems.push(
          `transfer ${key} differs: stored ${JSON.stringify(found)}, acknowledged ${JSON.stringify(ack)}`,
        );
    }
    for (const key of ledger.refused)
      if (stored.has(key)) problems.push(`refused transfer (key ${key}) is present`);
    for (const [key, t] of stored)
      if (!ledger.acked.has(key) && !ledger.refused.has(key))
        problems.push(`transfer ${t.id} (key ${key}) was never asked for`);
  } finally {
    await store.close();
  }
  return problems;
}
