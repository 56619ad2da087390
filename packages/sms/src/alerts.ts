import {
  BALANCE_SLOT,
  moneyFormatter,
  type SmsMessage,
  type Store,
  type TransferAlert,
} from '@quickpay/db';
import { DEFAULT_RECIPIENT_CAP, type RecipientCap, takeAlertSlot } from './recipient-cap.ts';

/** Said by the last alert a number gets in a window; later ones are dropped. */
export const ALERTS_PAUSED =
  'More alerts are paused for now; your history in the app has every transfer.';

/** Queues an alert now (not with a transfer), within the recipient's alert cap: null when dropped. */
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
 * Takes one of the recipient's alert slots for an alert the store will queue in its
 * transfer's transaction (TransferAlert): the alert to pass down, its text saying when
 * it is the window's last, or null when the cap drops it. When the transfer does not
 * commit (refused, or a replay), give the slot back with releaseAlertSlot.
 */
export async function claimTransferAlert(
  store: Store,
  alert: TransferAlert,
  cap: RecipientCap = DEFAULT_RECIPIENT_CAP,
): Promise<TransferAlert | null> {
  const slot = await takeAlertSlot(store, alert.to, cap);
  if (slot === 'none') return null;
  return slot === 'last' ? { ...alert, body: `${alert.body} ${ALERTS_PAUSED}` } : alert;
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
  /**
   * The receiver's balance after the transfer, in minor units; BALANCE_SLOT when the
   * store fills it in as it posts the transfer (TransferAlert).
   */
  balance?: number | typeof BALANCE_SLOT;
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
  if (input.balance === undefined) return text;
  const balance = input.balance === BALANCE_SLOT ? BALANCE_SLOT : money(input.balance);
  return `${text} Balance: ${balance}.`;
}
