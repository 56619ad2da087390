import type { MoneyRequest, RequestStatus } from '@quickpay/db';
import { maskName } from '../contacts/mask.ts';

/** One side of a request: the account and a masked name (people may ask strangers). */
export interface RequestParty {
  accountNumber: number;
  maskedName: string;
}

/** A money request as either party sees it; `amount` is what was asked (positive). */
export interface RequestView {
  id: string;
  amount: number;
  note: string;
  status: RequestStatus;
  /** From the viewer: 'incoming' when they are asked to pay. */
  direction: 'incoming' | 'outgoing';
  requester: RequestParty;
  payer: RequestParty;
  createdAt: string;
  expiresAt: string;
  settledAt: string | null;
  transferId: string | null;
}

export const requestView = (r: MoneyRequest, viewerId: string): RequestView => ({
  id: r.id,
  amount: r.amount,
  note: r.note,
  status: r.status,
  direction: r.payerId === viewerId ? 'incoming' : 'outgoing',
  requester: { accountNumber: r.requesterAccountNumber, maskedName: maskName(r.requesterName) },
  payer: { accountNumber: r.payerAccountNumber, maskedName: maskName(r.payerName) },
  createdAt: r.createdAt.toISOString(),
  expiresAt: r.expiresAt.toISOString(),
  settledAt: r.settledAt?.toISOString() ?? null,
  transferId: r.transferId,
});
