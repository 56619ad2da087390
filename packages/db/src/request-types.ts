import type { TransferAlert } from './alert-types.ts';
import type { TransferId, UserId } from './ids.ts';
import type { Minor } from './money.ts';

/** Money requests (issue 17): the store code is requests.ts in each store. */

export const REQUEST_STATUSES = ['pending', 'paid', 'declined', 'cancelled', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** One user asking another for money. `status` reads 'expired' once a pending one passes expiresAt. */
export interface MoneyRequest {
  id: string;
  requesterId: UserId;
  payerId: UserId;
  requesterAccountNumber: number;
  payerAccountNumber: number;
  /** Current full names (the API masks them). */
  requesterName: string;
  payerName: string;
  amount: Minor;
  note: string;
  status: RequestStatus;
  createdAt: Date;
  expiresAt: Date;
  /** When it was paid, declined or cancelled. */
  settledAt: Date | null;
  transferId: TransferId | null;
}

export interface NewMoneyRequest {
  requesterId: UserId;
  payerId: UserId;
  amount: Minor;
  note?: string;
  /** How long it may be paid: expiresAt = creation time + ttlMs. */
  ttlMs: number;
  /** Scoped to the requester: the same key and request returns the first one. */
  idempotencyKey: string;
}

export interface PayRequestInput {
  requestId: string;
  payerId: UserId;
  /** The payer's key: the same key returns the first payment (replayed). */
  idempotencyKey: string;
  /** The requester's SMS, queued in the payment's transaction (transfer-alert.ts). */
  alert?: TransferAlert;
}
