import type { Store } from '@quickpay/db';
import { createOutboxSender, type SmsLog } from './outbox.ts';
import { createTwilioSender } from './twilio.ts';
import type { SmsSender } from './types.ts';

export interface SmsEnv {
  TWILIO_ACCOUNT_SID?: string | undefined;
  TWILIO_AUTH_TOKEN?: string | undefined;
  TWILIO_PHONE_NUMBER?: string | undefined;
  TWILIO_MESSAGING_SERVICE_SID?: string | undefined;
}

/** Twilio when its SID, token and a sender are all set; otherwise the outbox. */
export function smsSenderFromEnv(env: SmsEnv, store: Store, log?: SmsLog): SmsSender {
  const accountSid = env.TWILIO_ACCOUNT_SID?.trim();
  const authToken = env.TWILIO_AUTH_TOKEN?.trim();
  const from = env.TWILIO_PHONE_NUMBER?.trim();
  const messagingServiceSid = env.TWILIO_MESSAGING_SERVICE_SID?.trim();
  if (accountSid && authToken && (from || messagingServiceSid)) {
    return createTwilioSender({
      accountSid,
      authToken,
      ...(from ? { from } : {}),
      ...(messagingServiceSid ? { messagingServiceSid } : {}),
    });
  }
  return createOutboxSender(store, log);
}
