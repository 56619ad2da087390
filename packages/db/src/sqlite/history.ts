import type Database from 'better-sqlite3';
import type { LedgerAccountId } from '../ids.ts';
import type { Minor } from '../money.ts';
import { historyEntry, historyLimit } from '../rules.ts';
import type { DateRange, FlowSums, HistoryPage, HistoryQuery } from '../types.ts';
import { type TransferRow, toTransfer } from './rows.ts';

/** Cursors are base64url of the last seq shown: opaque to clients, stable under inserts. */
export const encodeCursor = (seq: number): string => Buffer.from(String(seq)).toString('base64url');

export function decodeCursor(cursor: string): number {
  const seq = Number(Buffer.from(cursor, 'base64url').toString());
  if (!Number.isSafeInteger(seq) || seq <= 0) throw new RangeError('invalid history cursor');
  return seq;
}

/** LIKE pattern for a case-insensitive substring, with the wildcards escaped. */
const likePattern = (q: string): string => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

type HistoryStatement = Database.Statement<[Record<string, string | number>], TransferRow>;
const statements = new WeakMap<Database.Database, Map<string, HistoryStatement>>();

/** The filter combinations are few, so each distinct query is prepared once per database. */
function prepared(db: Database.Database, sql: string): HistoryStatement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt;
}

export function listHistory(
  db: Database.Database,
  account: LedgerAccountId,
  query: HistoryQuery,
): HistoryPage {
  const limit = historyLimit(query.limit);
  const where: string[] = ['seq < @before'];
  const params: Record<string, string | number> = {
    account,
    before: query.cursor ? decodeCursor(query.cursor) : Number.MAX_SAFE_INTEGER,
    take: limit + 1,
  };
  if (query.kinds && query.kinds.length > 0) {
    const names = query.kinds.map((k, i) => {
      params[`kind${i}`] = k;
      return `@kind${i}`;
    });
    where.push(`kind IN (${names.join(', ')})`);
  }
  if (query.from) {
    where.push('created_at >= @from');
    params.from = query.from.getTime();
  }
  if (query.to) {
    where.push('created_at < @to');
    params.to = query.to.getTime();
  }
  const q = query.q?.trim();
  if (q) params.q = likePattern(q);
  // One index-ordered branch per side (debit != credit, so no duplicates); the
  // counterparty is the other side's label.
  const branch = (side: 'debit' | 'credit', other: 'debit' | 'credit') => {
    const search = q ? ` AND (note LIKE @q ESCAPE '\\' OR ${other}_label LIKE @q ESCAPE '\\')` : '';
    return `SELECT * FROM (SELECT * FROM transfers WHERE ${side}_account = @account AND ${where.join(' AND ')}${search} ORDER BY seq DESC LIMIT @take)`;
  };
  const sql = `${branch('debit', 'credit')} UNION ALL ${branch('credit', 'debit')} ORDER BY seq DESC LIMIT @take`;
  const rows = prepared(db, sql).all(params);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => historyEntry(account, toTransfer(r))),
    nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null,
  };
}

export function createFlowSums(db: Database.Database) {
  const sum = (side: 'debit' | 'credit') =>
    db
      .prepare<[string, number, number], number>(
        `SELECT COALESCE(SUM(amount), 0) FROM transfers
         WHERE ${side}_account = ? AND created_at >= ? AND created_at < ?`,
      )
      .pluck();
  const income = sum('credit');
  const expense = sum('debit');
  return (account: LedgerAccountId, ranges: DateRange[]): FlowSums[] =>
    ranges.map(({ from, to }) => {
      const a = from.getTime();
      const b = to.getTime();
      return {
        income: (income.get(account, a, b) ?? 0) as Minor,
        expense: (0 - (expense.get(account, a, b) ?? 0)) as Minor,
      };
    });
}
