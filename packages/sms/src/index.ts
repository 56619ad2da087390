export {
  ALERTS_PAUSED,
  type AlertInput,
  enqueueTransferAlert,
  formatAlert,
  maskAccount,
  moneyFormatter,
} from './alerts.ts';
export {
  createSmsDispatcher,
  type DispatcherOptions,
  type DispatchResult,
  defaultBackoffMs,
  type SmsDispatcher,
} from './dispatcher.ts';
// createTwilioSender is the lazy one: importing this package never loads the Twilio SDK.
export { lazyTwilioSender as createTwilioSender, type SmsEnv, smsSenderFromEnv } from './env.ts';
export { createOutboxSender, formatOutbox, type SmsLog } from './outbox.ts';
export { nationalDigits, normalizePhone } from './phone.ts';
export {
  type AlertSlot,
  DEFAULT_RECIPIENT_CAP,
  type RecipientCap,
  SmsCappedError,
  takeAlertSlot,
  withRecipientCap,
} from './recipient-cap.ts';
export type { TwilioConfig } from './twilio.ts';
export { SmsError, type SmsReceipt, type SmsSender } from './types.ts';
