import type { SmsMessage, Store } from '@quickpay/db';

/** Queues a transfer alert for the dispatcher; it never blocks the transfer on SMS. */
export function enqueueTransferAlert(
  store: Store,
  alert: { to: string; body: string },
): Promise<SmsMessage> {
  return store.enqueueSms({ to: alert.to, body: alert.body, purpose: 'alert', status: 'pending' });
}

export interface AlertInput {
  /** Integer minor units (paise for INR). */
  amount: number;
  currency: string;
  fromName: string;
  /** The receiver's balance after the transfer, in minor units. */
  balance?: number;
  locale?: string;
}

/** "Quickpay: you received ₹1,250.50 from Asha R." (plus the balance when given). */
export function formatAlert(input: AlertInput): string {
  const money = moneyFormatter(input.currency, input.locale ?? 'en-IN');
  const from = input.fromName.trim();
  // "from Asha R." must not end in "..".
  const text = `Quickpay: you received ${money(input.amount)} from ${from}${from.endsWith('.') ? '' : '.'}`;
  return input.balance === undefined ? text : `${text} Balance: ${money(input.balance)}.`;
}

/** Formats minor units, scaling by the currency's own number of decimals (2 for INR, 0 for JPY). */
export function moneyFormatter(currency: string, locale = 'en-IN'): (minor: number) => string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return (minor) => format.format(minor / 10 ** digits);
}
