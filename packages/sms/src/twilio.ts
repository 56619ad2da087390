import twilio from 'twilio';
import { SmsError, type SmsReceipt, type SmsSender } from './types.ts';

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** Sender number in E.164; or use messagingServiceSid (preferred when both are set). */
  from?: string;
  messagingServiceSid?: string;
  /** A twilio RequestClient (or subclass); tests use one that points at a local server. */
  httpClient?: twilio.RequestClient;
  region?: string;
  edge?: string;
  /** Per-request timeout; the SDK's default of 30 s would stall a reset request too long. */
  timeoutMs?: number;
}

/** Sends through Twilio's Messages API with the official SDK. */
export function createTwilioSender(config: TwilioConfig): SmsSender {
  const { accountSid, authToken, from, messagingServiceSid } = config;
  if (!accountSid || !authToken) throw new Error('Twilio needs an account SID and an auth token');
  if (!from && !messagingServiceSid) {
    throw new Error('Twilio needs a sender: a phone number or a messaging service SID');
  }
  const client = twilio(accountSid, authToken, {
    httpClient:
      config.httpClient ?? new twilio.RequestClient({ timeout: config.timeoutMs ?? 10_000 }),
    ...(config.region ? { region: config.region } : {}),
    ...(config.edge ? { edge: config.edge } : {}),
  });
  const sender = messagingServiceSid ? { messagingServiceSid } : { from: from as string };

  return {
    transport: 'twilio',
    async send(to: string, body: string): Promise<SmsReceipt> {
      try {
        const message = await client.messages.create({ to, body, ...sender });
        return { providerId: message.sid, transport: 'twilio' };
      } catch (error) {
        throw toSmsError(error, authToken);
      }
    },
  };
}

/** Maps an SDK or network failure to SmsError, never echoing the auth token. */
export function toSmsError(error: unknown, secret: string): SmsError {
  const scrub = (text: string) => (secret ? text.split(secret).join('***') : text);
  if (error instanceof twilio.RestException) {
    const status = error.status;
    const code = error.code ? `, code ${error.code}` : '';
    const detail = scrub(error.message || 'request failed');
    // 429 means slow down, not a bad message: a later retry may succeed.
    const retryable = status >= 500 || status === 429;
    const verb = retryable ? 'failed' : 'refused the SMS';
    return new SmsError(`Twilio ${verb} (HTTP ${status}${code}): ${detail}`, retryable, status);
  }
  const netCode = readCode(error);
  const reason = netCode ?? (error instanceof Error ? scrub(error.message) : 'unknown error');
  return new SmsError(`Twilio could not be reached: ${reason}`, true);
}

function readCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  return typeof error.code === 'string' ? error.code : null;
}
