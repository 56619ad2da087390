import type { NewSms } from './session-types.ts';
import type { Transfer } from './types.ts';

/** Stands in an alert's body for the credited account's balance after the transfer. */
export const BALANCE_SLOT = '{balance}';

/**
 * An SMS a transfer queues in its own transaction (the transactional outbox): the row
 * exists exactly when the transfer committed, never for a refusal or a replay. The
 * caller decides whether there is one (opt-in, caps); the store only writes it.
 */
export interface TransferAlert {
  /** The recipient's number (E.164). */
  to: string;
  /** Bank text only. Each BALANCE_SLOT in it becomes the credited balance after the transfer. */
  body: string;
  /** How that balance is written: ISO 4217 code, and a locale (default en-IN). */
  currency: string;
  locale?: string;
}

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
