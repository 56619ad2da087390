import {
  type LedgerAccountId,
  type PostedTransfer,
  SYSTEM_ACCOUNT,
  type TransferKind,
  userAccount,
} from '@quickpay/db';
import type { AuthedContext } from '../context.ts';
import { fail } from '../errors.ts';
import { roundUpAfter } from '../schedules/round-ups.ts';
import { requireAmount } from '../shared/amount.ts';
import { type TransferView, transferView } from '../shared/views.ts';
import { afterTransferCommitted, postWithAlert } from './alerts.ts';

export interface MoveInput {
  amount: number;
  note?: string | undefined;
  idempotencyKey: string;
}

export interface PaymentResult {
  transfer: TransferView;
  /** The caller's balance right after this transfer (for a replay: after the first call). */
  balance: number;
  /** True when the key was seen before and this is the first call's result. */
  replayed: boolean;
}

export function paymentResult(posted: PostedTransfer, account: LedgerAccountId): PaymentResult {
  const view = transferView(posted.transfer, account);
  // A key is scoped to its initiator, so a replay is always the caller's own transfer.
  if (!view) throw new Error('posted transfer does not touch the caller account');
  return { transfer: view, balance: view.balanceAfter, replayed: posted.replayed };
}

async function cash(ctx: AuthedContext, kind: TransferKind, input: MoveInput) {
  const main = userAccount(ctx.auth.user.id);
  const toUser = kind === 'deposit';
  const posted = await ctx.store.postTransfer({
    kind,
    debit: toUser ? SYSTEM_ACCOUNT : main,
    credit: toUser ? main : SYSTEM_ACCOUNT,
    amount: requireAmount(ctx.config, input.amount),
    note: input.note ?? '',
    initiatorId: ctx.auth.user.id,
    idempotencyKey: input.idempotencyKey,
  });
  if (kind === 'withdrawal') await roundUpAfter(ctx, posted.transfer);
  return paymentResult(posted, main);
}

export const deposit = (ctx: AuthedContext, input: MoveInput) => cash(ctx, 'deposit', input);
export const withdraw = (ctx: AuthedContext, input: MoveInput) => cash(ctx, 'withdrawal', input);

/** User to user. The recipient is known by account number; its alert is queued with the transfer. */
export async function transfer(
  ctx: AuthedContext,
  input: MoveInput & { toAccountNumber: number },
): Promise<PaymentResult> {
  const amount = requireAmount(ctx.config, input.amount);
  const sender = ctx.auth.user;
  const recipient = await ctx.store.findUserByAccountNumber(input.toAccountNumber);
  if (!recipient) fail('ACCOUNT_NOT_FOUND', 'No account with that number');
  if (recipient.id === sender.id) fail('SELF_TRANSFER', 'You cannot transfer to yourself');
  const main = userAccount(sender.id);
  const posted = await postWithAlert(ctx, { sender, recipient, amount }, (alert) =>
    ctx.store.postTransfer({
      kind: 'transfer',
      debit: main,
      credit: userAccount(recipient.id),
      amount,
      note: input.note ?? '',
      initiatorId: sender.id,
      idempotencyKey: input.idempotencyKey,
      alert,
    }),
  );
  if (!posted.replayed) {
    await afterTransferCommitted(ctx, { transfer: posted.transfer, sender, recipient });
  }
  await roundUpAfter(ctx, posted.transfer);
  return paymentResult(posted, main);
}
