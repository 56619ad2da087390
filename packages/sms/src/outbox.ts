import type { SmsMessage, Store } from '@quickpay/db';
import type { SmsReceipt, SmsSender } from './types.ts';

export type SmsLog = (msg: string) => void;

const defaultLog: SmsLog = (msg) => console.log(msg);

/**
 * The development transport: keeps each message in the store (status 'logged') and
 * prints it, so a developer can read a code without a phone.
 */
export function createOutboxSender(store: Store, log: SmsLog = defaultLog): SmsSender {
  const receipt: SmsReceipt = { providerId: null, transport: 'outbox' };
  return {
    transport: 'outbox',
    async send(to, body, purpose) {
      await store.enqueueSms({ to, body, purpose, status: 'logged' });
      log(outboxLine(to, body));
      return receipt;
    },
    // A queued alert is already in the store: printing it is the whole delivery.
    async sendStored(message) {
      log(outboxLine(message.to, message.body));
      return receipt;
    },
  };
}

function outboxLine(to: string, body: string): string {
  return `[sms outbox] to ${to} : ${body}`;
}

/** Renders messages newest first, one line each: time, to, status, body. */
export function formatOutbox(messages: SmsMessage[]): string {
  if (messages.length === 0) return '(no messages in the outbox)';
  return [...messages]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .map((m) => {
      const time = m.createdAt.toISOString().replace('T', ' ').slice(0, 19);
      const body = m.body.replace(/\s*\n\s*/g, ' / ');
      return `${time}  ${m.to.padEnd(16)} ${m.status.padEnd(8)} ${body}`;
    })
    .join('\n');
}
