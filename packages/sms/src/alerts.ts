import type { SmsMessage, Store } from '@quickpay/db';
import { DEFAULT_RECIPIENT_CAP, type RecipientCap, takeAlertSlot } from './recipient-cap.ts';

/** Said by the last alert a number gets in a window; later ones are dropped. */
export const ALERTS_PAUSED =
  'More alerts are paused for now; your history in the app has every transfer.';

/**
 * Queues a transfer alert for the dispatcher (it never blocks the transfer on SMS),
 * within the recipient's alert cap: null when the alert was dropped.
 */
export async function enqueueTransferAlert(
  store: Store,
  alert: { to: string; body: string },
  cap: RecipientCap = DEFAULT_RECIPIENT_CAP,
): Promise<SmsMessage | null> {
  const slot = await takeAlertSlot(store, alert.to, cap);
  if (slot === 'none') return null;
  const body = slot === 'last' ? `${alert.body} ${ALERTS_PAUSED}` : alert.body;
  return store.enqueueSms({ to: alert.to, body, purpose: 'alert', status: 'pending' });
}

/**
 * Everything in an alert comes from the bank: account numbers (masked) and amounts.
 * No name, nickname or note a customer typed can reach a phone under Quickpay's sender id.
 */
export interface AlertInput {
  /** Integer minor units (paise for INR). */
  amount: number;
  currency: string;
  /** The receiving account's number. */
  toAccount: number;
  /** The sending account's number. */
  fromAccount: number;
  /** The receiver's balance after the transfer, in minor units. */
  balance?: number;
  locale?: string;
}

/** An account number as alerts show it: only the last two digits ("XX34"). */
export function maskAccount(accountNumber: number): string {
  return `XX${String(accountNumber).slice(-2).padStart(2, '0')}`;
}

/** "Quickpay: account XX34 credited with ₹1,250.50 from account XX56." (plus the balance when given). */
export function formatAlert(input: AlertInput): string {
  const money = moneyFormatter(input.currency, input.locale ?? 'en-IN');
  const text = `Quickpay: account ${maskAccount(input.toAccount)} credited with ${money(input.amount)} from account ${maskAccount(input.fromAccount)}.`;
  return input.balance === undefined ? text : `${text} Balance: ${money(input.balance)}.`;
}

/** Formats minor units, scaling by the currency's own number of decimals (2 for INR, 0 for JPY). */
export function moneyFormatter(currency: string, locale = 'en-IN'): (minor: number) => string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return (minor) => format.format(minor / 10 ** digits);
}
