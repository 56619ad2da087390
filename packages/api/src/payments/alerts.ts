import { BALANCE_SLOT, type TransferAlert, type User } from '@quickpay/db';
import { claimTransferAlert, formatAlert, releaseAlertSlot } from '@quickpay/sms';
import type { ApiDeps, ApiHooks, TransferCommitted } from '../context.ts';

/** The two users of a transfer about to be posted, and its amount. */
export interface AlertParties {
  sender: User;
  recipient: User;
  amount: number;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The default alert for a transfer between two users: none when a hook replaces it or
 * the recipient has smsAlerts off, and none once the recipient's cap is used up (the
 * slot is taken here). The store fills in the balance after the transfer.
 */
async function claimAlert(
  ctx: ApiDeps & ApiHooks,
  { sender, recipient, amount }: AlertParties,
): Promise<TransferAlert | null> {
  if (ctx.onTransferCommitted || !recipient.smsAlerts) return null;
  const body = formatAlert({
    amount,
    currency: ctx.config.currency,
    // Account numbers only: a name is text its owner chose (a phishing line, a link).
    toAccount: recipient.accountNumber,
    fromAccount: sender.accountNumber,
    balance: BALANCE_SLOT,
  });
  return claimTransferAlert(ctx.store, {
    to: recipient.phone,
    body,
    currency: ctx.config.currency,
  });
}

/**
 * Posts a transfer between two users with its SMS alert (transactional outbox): `post`
 * passes the alert down and the store queues it in the transfer's own transaction, so
 * a crash after the commit cannot lose it and a refusal or replay queues nothing. A
 * refusal or replay gives the recipient's alert slot back. A failure to prepare the
 * alert is logged and the transfer goes on without one: alerts never block money.
 */
export async function postWithAlert<T extends { replayed: boolean }>(
  ctx: ApiDeps & ApiHooks,
  parties: AlertParties | null,
  post: (alert: TransferAlert | undefined) => Promise<T>,
): Promise<T> {
  let alert: TransferAlert | null = null;
  try {
    alert = parties ? await claimAlert(ctx, parties) : null;
  } catch (error) {
    ctx.logger?.warn(
      { err: message(error), recipientId: parties?.recipient.id },
      'transfer alert failed',
    );
  }
  const release = async () => {
    if (!alert) return;
    await releaseAlertSlot(ctx.store, alert.to).catch((error: unknown) => {
      ctx.logger?.warn({ err: message(error) }, 'alert slot not released');
    });
  };
  let result: T;
  try {
    result = await post(alert ?? undefined);
  } catch (error) {
    await release();
    throw error;
  }
  if (result.replayed) await release();
  return result;
}

/**
 * Runs after a transfer between two users has committed (never for a replay or a
 * refusal): the embedder's onTransferCommitted hook, if any. The default SMS is not
 * queued here but with the transfer (postWithAlert). Failures are logged and
 * swallowed: the money has moved.
 */
export async function afterTransferCommitted(
  ctx: ApiDeps & ApiHooks,
  event: TransferCommitted,
): Promise<void> {
  if (!ctx.onTransferCommitted) return;
  try {
    await ctx.onTransferCommitted(event, ctx);
  } catch (error) {
    ctx.logger?.warn(
      { err: message(error), transferId: event.transfer.id },
      'transfer alert failed',
    );
  }
}
