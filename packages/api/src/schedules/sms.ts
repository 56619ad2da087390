import type { Schedule } from '@quickpay/db';
import { enqueueTransferAlert, maskAccount, moneyFormatter } from '@quickpay/sms';
import type { ApiDeps, ApiHooks } from '../context.ts';

/**
 * Tells the owner a run was not paid, through the SMS outbox and its per-number caps,
 * when the owner has smsAlerts on.
 * Only bank text: the amount, the date, the masked account and our own reason (never
 * a note or name a customer typed). Never throws: the run is already recorded.
 */
export async function notifyRunFailed(
  deps: ApiDeps & ApiHooks,
  s: Schedule,
  date: string,
  reason: string,
): Promise<void> {
  try {
    const owner = await deps.store.findUserById(s.ownerId);
    // Alerts are opt-in (profile smsAlerts), this one as every other.
    if (!owner?.smsAlerts) return;
    const money = moneyFormatter(deps.config.currency);
    const what = s.kind === 'transfer' ? 'payment' : 'savings top-up';
    const body =
      `Quickpay: your scheduled ${what} of ${money(s.amount)} due ${date} from account ` +
      `${maskAccount(owner.accountNumber)} was not made: ${reason}.`;
    await enqueueTransferAlert(deps.store, { to: owner.phone, body });
  } catch (error) {
    deps.logger?.warn(
      { err: error instanceof Error ? error.message : String(error), scheduleId: s.id },
      'scheduled run SMS failed',
    );
  }
}
