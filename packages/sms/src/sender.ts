import type { Store } from '@quickpay/db';
import { createOutboxSender, type SmsLog } from './outbox.ts';
import { DEFAULT_RECIPIENT_CAP, type RecipientCap, withRecipientCap } from './recipient-cap.ts';
// Type-only: importing twilio.ts for real would load the SDK (~26 MB of RSS).
import type { TwilioConfig } from './twilio.ts';
import { SmsError, type SmsReceipt, type SmsSender } from './types.ts';

/** The SMS configuration (the server parses it from TWILIO_* once, in its env.ts). */
export interface SmsConfig {
  /** Messages go through Twilio when set; otherwise to the outbox table (development). */
  twilio: TwilioConfig | null;
}

/**
 * The configured sender: Twilio or the outbox, either way behind the per-recipient cap,
 * so no caller can text one number without limit.
 */
export function createSmsSender(
  config: SmsConfig,
  store: Store,
  log?: SmsLog,
  cap: RecipientCap = DEFAULT_RECIPIENT_CAP,
): SmsSender {
  const transport = config.twilio
    ? lazyTwilioSender(config.twilio)
    : createOutboxSender(store, log);
  return withRecipientCap(transport, store, cap);
}

/**
 * createTwilioSender's contract (same checks, thrown at once) with the SDK imported
 * only when Twilio is configured: loading starts here, in the background, and the
 * first send waits for it. A failed load is retried on the next send.
 */
export function lazyTwilioSender(config: TwilioConfig): SmsSender {
  if (!config.accountSid || !config.authToken) {
    throw new Error('Twilio needs an account SID and an auth token');
  }
  if (!config.from && !config.messagingServiceSid) {
    throw new Error('Twilio needs a sender: a phone number or a messaging service SID');
  }
  let loading: Promise<SmsSender> | undefined;
  const load = (): Promise<SmsSender> => {
    loading ??= import('./twilio.ts').then(
      (m) => m.createTwilioSender(config),
      (error: unknown) => {
        loading = undefined;
        const reason = error instanceof Error ? error.message : String(error);
        throw new SmsError(`Twilio SDK could not be loaded: ${reason}`, true);
      },
    );
    return loading;
  };
  load().catch(() => {}); // warm up; a failure is reported by the send that needs it
  return {
    transport: 'twilio',
    async send(to: string, body: string, purpose: string): Promise<SmsReceipt> {
      return (await load()).send(to, body, purpose);
    },
  };
}
