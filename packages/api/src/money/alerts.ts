import { enqueueTransferAlert, formatAlert } from '@quickpay/sms';
import type { ApiDeps, ApiHooks, TransferCommitted } from '../context.ts';
import { maskName } from './mask.ts';

/**
 * The sender as an SMS shows it: the masked name reduced to letters (a "name" such as
 * a URL or a phone number must not reach the recipient through the bank's sender id).
 */
export function alertName(fullName: string): string {
  const [first = '', initial = ''] = maskName(fullName).split(' ');
  const clean = first.replace(/[^\p{L}\p{M}'-]/gu, '').slice(0, 20);
  if (clean === '') return 'a Quickpay customer';
  return initial === '' ? clean : `${clean} ${initial}`;
}

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
      fromName: alertName(sender.fullName),
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
