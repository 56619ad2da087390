// Moved to @quickpay/db (the store formats an alert's balance); still exported here.
export { moneyFormatter } from '@quickpay/db';
export {
  ALERTS_PAUSED,
  type AlertInput,
  claimTransferAlert,
  enqueueTransferAlert,
  formatAlert,
  maskAccount,
} from './alerts.ts';
export {
  createSmsDispatcher,
  type DispatcherOptions,
  type DispatchResult,
  defaultBackoffMs,
  type SmsDispatcher,
} from './dispatcher.ts';
export { createOutboxSender, formatOutbox, type SmsLog } from './outbox.ts';
export { nationalDigits, normalizePhone } from './phone.ts';
export {
  type AlertSlot,
  DEFAULT_RECIPIENT_CAP,
  type RecipientCap,
  releaseAlertSlot,
  SmsCappedError,
  takeAlertSlot,
  withRecipientCap,
} from './recipient-cap.ts';
// createTwilioSender is the lazy one: importing this package never loads the Twilio SDK.
export {
  createSmsSender,
  lazyTwilioSender as createTwilioSender,
  type SmsConfig,
} from './sender.ts';
export type { TwilioConfig } from './twilio.ts';
export { SmsError, type SmsReceipt, type SmsSender } from './types.ts';
