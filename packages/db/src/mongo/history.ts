import type { Document, Filter } from 'mongodb';
import type { LedgerAccountId } from '../ids.ts';
import { historyEntry, historyLimit } from '../rules.ts';
import type { DateRange, FlowSums, HistoryEntry, HistoryPage, HistoryQuery } from '../types.ts';
import { escapeRegExp, type MongoContext } from './context.ts';
import { money, type TransferDoc, toTransfer } from './docs.ts';

/** Cursors are base64url of the last transfer id shown: opaque, stable under inserts. */
export const encodeCursor = (id: string): string => Buffer.from(id).toString('base64url');

export function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString();
  // ids are lowercase base36 (ids.ts); anything else was not made by encodeCursor.
  if (!/^[0-9a-z]{1,64}$/.test(id)) throw new RangeError('invalid history cursor');
  return id;
}

/**
 * The filter for one account's history page. Transfer ids sort by creation time, so
 * `_id < cursor` newest-first paging is stable; the `accounts` array holds both sides.
 * `q` is a literal, case-insensitive substring of the note or of the other side's label.
 */
export function historyFilter(account: LedgerAccountId, query: HistoryQuery): Filter<TransferDoc> {
  const filter: Filter<TransferDoc> = { accounts: account };
  if (query.cursor) filter._id = { $lt: decodeCursor(query.cursor) };
  if (query.kinds && query.kinds.length > 0) filter.kind = { $in: query.kinds };
  if (query.from || query.to) {
    filter.createdAt = {
      ...(query.from ? { $gte: query.from } : {}),
      ...(query.to ? { $lt: query.to } : {}),
    };
  }
  const q = query.q?.trim();
  if (q) {
    const re = new RegExp(escapeRegExp(q), 'i');
    filter.$or = [
      { note: re },
      { 'debit.account': account, 'credit.label': re },
      { 'credit.account': account, 'debit.label': re },
    ];
  }
  return filter;
}

export const toEntry = (account: LedgerAccountId, d: TransferDoc): HistoryEntry =>
  historyEntry(account, toTransfer(d));

export async function listHistory(
  ctx: MongoContext,
  account: LedgerAccountId,
  query: HistoryQuery,
): Promise<HistoryPage> {
  const limit = historyLimit(query.limit);
  const docs = await ctx.col.transfers
    .find(historyFilter(account, query))
    .sort({ _id: -1 })
    .limit(limit + 1)
    .toArray();
  const page = docs.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((d) => toEntry(account, d)),
    nextCursor: docs.length > limit && last ? encodeCursor(last._id) : null,
  };
}

/** Both sides of a transfer, named as in the document. */
export type Side = 'debit' | 'credit';

/**
 * flowSums of one side in one query: a scan of the side's (account, createdAt, amount)
 * index over the span of all ranges, summing each range's amounts in one $group. The
 * pipeline reads only indexed fields of a non-array key, so the scan is covered (no
 * document fetch). The dashboard asks for 12 months plus all time: the span is the
 * account's whole history, read once per side instead of once per range.
 */
export function flowPipeline(
  side: Side,
  account: LedgerAccountId,
  ranges: DateRange[],
): Document[] {
  const from = Math.min(...ranges.map((r) => r.from.getTime()));
  const to = Math.max(...ranges.map((r) => r.to.getTime()));
  const group: Document = { _id: null };
  ranges.forEach((r, i) => {
    const inRange = { $and: [{ $gte: ['$createdAt', r.from] }, { $lt: ['$createdAt', r.to] }] };
    group[`r${i}`] = { $sum: { $cond: [inRange, '$amount', 0] } };
  });
  return [
    {
      $match: {
        [`${side}.account`]: account,
        createdAt: { $gte: new Date(from), $lt: new Date(to) },
      },
    },
    { $group: group },
  ];
}

/** The sums per range from the two sides' $group rows (absent when nothing matched). */
export function flowsFromRows(
  ranges: readonly DateRange[],
  credits: Document | undefined,
  debits: Document | undefined,
): FlowSums[] {
  return ranges.map((_, i) => ({
    income: money(credits?.[`r${i}`] ?? 0),
    // 0 - x, not -x: no -0 for an empty range.
    expense: money(0 - money(debits?.[`r${i}`] ?? 0)),
  }));
}

export async function flowSums(
  ctx: MongoContext,
  account: LedgerAccountId,
  ranges: DateRange[],
): Promise<FlowSums[]> {
  if (ranges.length === 0) return [];
  const row = async (side: Side) =>
    (await ctx.col.transfers.aggregate(flowPipeline(side, account, ranges)).toArray())[0];
  const [credits, debits] = await Promise.all([row('credit'), row('debit')]);
  return flowsFromRows(ranges, credits, debits);
}
