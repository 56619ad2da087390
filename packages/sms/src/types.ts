import type { SmsMessage } from '@quickpay/db';

/** What a transport reports back after handing a message over. */
export interface SmsReceipt {
  /** The provider's message id (Twilio's SID); null for the outbox transport. */
  providerId: string | null;
  transport: 'twilio' | 'outbox';
}

/**
 * Sends one SMS now. Throws SmsError when the message could not be handed over.
 * `purpose` is a short tag stored with the message (e.g. 'password_reset', 'alert').
 */
export interface SmsSender {
  readonly transport: 'twilio' | 'outbox';
  send(to: string, body: string, purpose: string): Promise<SmsReceipt>;
  /**
   * Delivers a message the store already holds (the alert queue). Optional: a
   * transport that stores its own copy on send (the outbox) implements it so a
   * queued message is not stored twice; others are called through send().
   */
  sendStored?(message: SmsMessage): Promise<SmsReceipt>;
}

export class SmsError extends Error {
  override readonly name = 'SmsError';
  constructor(
    message: string,
    /** True when a later retry may succeed (5xx, network); false for e.g. an invalid number. */
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}
