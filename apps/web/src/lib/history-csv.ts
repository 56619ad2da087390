import { type ActivityItem, describe } from '../components/Activity.tsx';
import { kindLabel } from '../components/ui.tsx';
import { buildCsv, safeText } from './csv.ts';
import { minorDigits, toDecimalString } from './money.ts';

export interface HistoryRow extends ActivityItem {
  balanceAfter?: number | null | undefined;
}

export const HISTORY_HEADER = [
  'date',
  'type',
  'description',
  'note',
  'amount',
  'balance_after',
  'currency',
  'id',
];

/** The history as CSV: exact decimal amounts (money in positive), ISO dates, formula-safe text. */
export function historyCsv(rows: readonly HistoryRow[], currency: string): string {
  const digits = minorDigits(currency);
  return buildCsv(
    HISTORY_HEADER,
    rows.map((r) => [
      r.createdAt,
      kindLabel(r.kind),
      safeText(describe(r)),
      safeText(r.note),
      toDecimalString(r.amount, digits),
      r.balanceAfter === null || r.balanceAfter === undefined
        ? ''
        : toDecimalString(r.balanceAfter, digits),
      currency,
      r.id,
    ]),
  );
}
