import type { TransferAlert } from './alert-types.ts';
import type { NewSms } from './session-types.ts';
import type { Transfer } from './types.ts';

export type { TransferAlert };

/** Stands in an alert's body for the credited account's balance after the transfer. */
export const BALANCE_SLOT = '{balance}';

// Building an Intl.NumberFormat costs ~100x a format() call, and alerts are formatted
// inside the write transaction: one formatter per (currency, locale), kept.
const formatters = new Map<string, (minor: number) => string>();

/** Formats minor units, scaling by the currency's own number of decimals (2 for INR, 0 for JPY). */
export function moneyFormatter(currency: string, locale = 'en-IN'): (minor: number) => string {
  const key = `${currency} ${locale}`;
  const known = formatters.get(key);
  if (known) return known;
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const formatter = (minor: number) => format.format(minor / 10 ** digits);
  if (formatters.size >= 64) formatters.clear(); // a handful in practice; never unbounded
  formatters.set(key, formatter);
  return formatter;
}

/** The outbox row for `alert`, its balance filled from the posted transfer. */
export function alertSms(alert: TransferAlert, transfer: Transfer): NewSms {
  const balance = moneyFormatter(alert.currency, alert.locale)(transfer.credit.balanceAfter);
  // split/join, not replace: a currency sign such as "$" must not read as a pattern.
  const body = alert.body.split(BALANCE_SLOT).join(balance);
  return { to: alert.to, body, purpose: 'alert', status: 'pending' };
}
