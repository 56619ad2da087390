import { enqueueTransferAlert, formatAlert } from '@quickpay/sms';
import type { ApiDeps, ApiHooks, TransferCommitted } from '../context.ts';

/**
 * Runs after a transfer between two users has committed (never for a replay or a
 * refusal). The default queues an SMS for the dispatcher, so the answer never
 * waits on SMS delivery; any failure is logged and swallowed: the money has moved.
 */
export async function afterTransferCommitted(
  ctx: ApiDeps & ApiHooks,
  event: TransferCommitted,
): Promise<void> {
  try {
    if (ctx.onTransferCommitted) {
      await ctx.onTransferCommitted(event, ctx);
      return;
    }
    const { recipient, sender, transfer } = event;
    if (!recipient.smsAlerts) return;
    const body = formatAlert({
      amount: transfer.amount,
      currency: ctx.config.currency,
      // Account numbers only: a name is text its owner chose (a phishing line, a link).
      toAccount: recipient.accountNumber,
      fromAccount: sender.accountNumber,
      balance: transfer.credit.balanceAfter,
    });
    await enqueueTransferAlert(ctx.store, { to: recipient.phone, body });
  } catch (error) {
    ctx.logger?.warn(
      {
        err: error instanceof Error ? error.message : String(error),
        transferId: event.transfer.id,
      },
      'transfer alert failed',
    );
  }
}
