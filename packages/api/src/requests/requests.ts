import { type RequestStatus, userAccount } from '@quickpay/db';
import { liveSettings } from '../config.ts';
import type { AuthedContext } from '../context.ts';
import { fail } from '../errors.ts';
import { type AlertParties, afterTransferCommitted, postWithAlert } from '../payments/alerts.ts';
import { paymentResult } from '../payments/payments.ts';
import { requireAmount } from '../shared/amount.ts';
import { storeRateLimiter } from '../shared/rate-limit.ts';
import type { TransferView } from '../shared/views.ts';
import { type RequestView, requestView } from './views.ts';

const DAY_MS = 24 * 3600 * 1000;
export const DEFAULT_EXPIRY_DAYS = 7;

export interface CreateRequestInput {
  /** Who is asked: an account number, or one of the caller's payees. */
  fromAccountNumber?: number | undefined;
  contactId?: string | undefined;
  amount: number;
  note?: string | undefined;
  expiresInDays?: number | undefined;
  idempotencyKey: string;
}

async function payerOf(ctx: AuthedContext, input: CreateRequestInput) {
  if (input.contactId !== undefined) {
    const contact = await ctx.store.getContact(input.contactId, ctx.auth.user.id);
    if (!contact) fail('CONTACT_NOT_FOUND', 'No such payee');
    return ctx.store.findUserById(contact.payeeId);
  }
  if (input.fromAccountNumber === undefined) fail('ACCOUNT_NOT_FOUND', 'No account given');
  return ctx.store.findUserByAccountNumber(input.fromAccountNumber);
}

/** Asks someone for money. Rate limited per requester, so nobody can flood strangers. */
export async function create(ctx: AuthedContext, input: CreateRequestInput): Promise<RequestView> {
  const me = ctx.auth.user;
  const amount = requireAmount(ctx.config, input.amount);
  await storeRateLimiter(ctx.store).hit(
    `requests:create:${me.id}`,
    liveSettings(ctx.config).requestsPerRequester,
  );
  const payer = await payerOf(ctx, input);
  if (!payer) fail('ACCOUNT_NOT_FOUND', 'No account with that number');
  if (payer.id === me.id) fail('SELF_TRANSFER', 'You cannot ask yourself for money');
  const { request } = await ctx.store.createRequest({
    requesterId: me.id,
    payerId: payer.id,
    amount,
    note: input.note ?? '',
    ttlMs: (input.expiresInDays ?? DEFAULT_EXPIRY_DAYS) * DAY_MS,
    idempotencyKey: input.idempotencyKey,
  });
  return requestView(request, me.id);
}

export async function list(
  ctx: AuthedContext,
  input: { direction: 'incoming' | 'outgoing'; status?: RequestStatus | undefined },
): Promise<{ items: RequestView[] }> {
  const me = ctx.auth.user.id;
  const options = input.status ? { status: input.status } : {};
  const items = await ctx.store.listRequests(me, input.direction, options);
  return { items: items.map((r) => requestView(r, me)) };
}

export async function get(ctx: AuthedContext, input: { requestId: string }): Promise<RequestView> {
  const me = ctx.auth.user.id;
  const r = await ctx.store.getRequest(input.requestId);
  if (!r || (r.payerId !== me && r.requesterId !== me))
    fail('REQUEST_NOT_FOUND', 'No such request');
  return requestView(r, me);
}

export interface PaidRequestView {
  request: RequestView;
  transfer: TransferView;
  balance: number;
  replayed: boolean;
}

/**
 * Who a payment of the request would alert: null unless `me` may pay it now (so no
 * alert slot is taken for a payment the store will refuse).
 */
async function paymentParties(ctx: AuthedContext, requestId: string): Promise<AlertParties | null> {
  const me = ctx.auth.user;
  const r = await ctx.store.getRequest(requestId);
  if (!r || r.payerId !== me.id || r.status !== 'pending') return null;
  const recipient = await ctx.store.findUserById(r.requesterId);
  return recipient ? { sender: me, recipient, amount: r.amount } : null;
}

/** Pays a request in one step: at most one transfer per request, however many attempts. */
export async function pay(
  ctx: AuthedContext,
  input: { requestId: string; idempotencyKey: string },
): Promise<PaidRequestView> {
  const me = ctx.auth.user;
  const parties = await paymentParties(ctx, input.requestId);
  const paid = await postWithAlert(ctx, parties, (alert) =>
    ctx.store.payRequest({
      requestId: input.requestId,
      payerId: me.id,
      idempotencyKey: input.idempotencyKey,
      alert,
    }),
  );
  if (!paid.replayed && parties) {
    const { sender, recipient } = parties;
    await afterTransferCommitted(ctx, { transfer: paid.transfer, sender, recipient });
  }
  const result = paymentResult(
    { transfer: paid.transfer, replayed: paid.replayed },
    userAccount(me.id),
  );
  return { request: requestView(paid.request, me.id), ...result };
}

export async function decline(ctx: AuthedContext, input: { requestId: string }) {
  const r = await ctx.store.closeRequest(input.requestId, ctx.auth.user.id, 'declined');
  return requestView(r, ctx.auth.user.id);
}

export async function cancel(ctx: AuthedContext, input: { requestId: string }) {
  const r = await ctx.store.closeRequest(input.requestId, ctx.auth.user.id, 'cancelled');
  return requestView(r, ctx.auth.user.id);
}

export async function settings(ctx: AuthedContext): Promise<{ enabled: boolean }> {
  return { enabled: await ctx.store.requestsEnabled(ctx.auth.user.id) };
}

/** The per-user off switch: with it off, nobody can ask this user for money. */
export async function setEnabled(ctx: AuthedContext, input: { enabled: boolean }) {
  await ctx.store.setRequestsEnabled(ctx.auth.user.id, input.enabled);
  return { enabled: input.enabled };
}
