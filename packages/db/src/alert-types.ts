// The alert a transfer may carry, apart from transfer-alert.ts so types.ts can name it
// without an import cycle.

/**
 * An SMS a transfer queues in its own transaction (the transactional outbox): the row
 * exists exactly when the transfer committed, never for a refusal or a replay. The
 * caller decides whether there is one (opt-in, caps); the store only writes it.
 */
export interface TransferAlert {
  /** The recipient's number (E.164). */
  to: string;
  /** Bank text only. Each BALANCE_SLOT (transfer-alert.ts) in it becomes the credited balance after the transfer. */
  body: string;
  /** How that balance is written: ISO 4217 code, and a locale (default en-IN). */
  currency: string;
  locale?: string;
}
