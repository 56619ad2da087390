import type { Store } from '@quickpay/db';
import { SmsError, type SmsSender } from './types.ts';

/**
 * How many texts one number may receive per fixed window, whatever sent them. Kept in
 * the store's rate-limit windows, so every server instance shares the count.
 */
export interface RecipientCap {
  windowMs: number;
  /** Every kind together: reset codes, temporary passwords, alerts. */
  perRecipient: number;
  /**
   * Transfer alerts alone. Lower than perRecipient so that anyone able to send the
   * number money (1 paisa is enough) cannot use up the slots its reset codes need.
   */
  alertsPerRecipient: number;
}

export const DEFAULT_RECIPIENT_CAP: RecipientCap = Object.freeze({
  windowMs: 60 * 60_000,
  perRecipient: 10,
  alertsPerRecipient: 3,
});

/** The number has had its texts for this window; nothing was sent. Not retryable. */
export class SmsCappedError extends SmsError {
  constructor() {
    super('Too many texts to this number; try again later', false, 429);
  }
}

const totalKey = (to: string) => `sms:to:${to}`;
const alertKey = (to: string) => `sms:alert:${to}`;

/**
 * Every delivery through the returned sender takes one of the recipient's slots first
 * and throws SmsCappedError when none is left. A delivery the transport refused gives
 * its slot back (nothing reached the phone), so provider retries do not use the cap up.
 */
export function withRecipientCap(
  sender: SmsSender,
  store: Store,
  cap: RecipientCap = DEFAULT_RECIPIENT_CAP,
): SmsSender {
  async function guarded<T>(to: string, deliver: () => Promise<T>): Promise<T> {
    const key = totalKey(to);
    if ((await store.hitRateLimit(key, cap.windowMs)) > cap.perRecipient) {
      throw new SmsCappedError();
    }
    try {
      return await deliver();
    } catch (error) {
      await store.hitRateLimit(key, cap.windowMs, -1);
      throw error;
    }
  }
  const stored = sender.sendStored?.bind(sender);
  return {
    transport: sender.transport,
    send: (to, body, purpose) => guarded(to, () => sender.send(to, body, purpose)),
    ...(stored ? { sendStored: (message) => guarded(message.to, () => stored(message)) } : {}),
  };
}

export type AlertSlot = 'ok' | 'last' | 'none';

/**
 * Takes one of the recipient's alert slots before an alert is queued: 'last' for the
 * final one of the window (its text says further alerts are paused), 'none' when the
 * alert should be dropped. The account history keeps every transfer.
 */
export async function takeAlertSlot(
  store: Store,
  to: string,
  cap: RecipientCap = DEFAULT_RECIPIENT_CAP,
): Promise<AlertSlot> {
  const count = await store.hitRateLimit(alertKey(to), cap.windowMs);
  if (count > cap.alertsPerRecipient) return 'none';
  return count === cap.alertsPerRecipient ? 'last' : 'ok';
}

/** Gives back a slot takeAlertSlot took for an alert that was not queued after all. */
export async function releaseAlertSlot(
  store: Store,
  to: string,
  cap: RecipientCap = DEFAULT_RECIPIENT_CAP,
): Promise<void> {
  await store.hitRateLimit(alertKey(to), cap.windowMs, -1);
}
