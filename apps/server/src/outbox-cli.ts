import { parseArgs } from 'node:util';
import type { Store } from '@quickpay/db';
import { normalizePhone } from '@quickpay/sms';

/** `pnpm sms:outbox [--to <phone>] [--last N]`: the arguments, checked. */
export interface OutboxArgs {
  /** E.164; a 10-digit national number takes the default country. */
  to: string | undefined;
  last: number;
}

export const OUTBOX_USAGE =
  'usage: pnpm sms:outbox [--to <phone>] [--last N]   (N: 1-500, default 10)';

/** Parses argv (without node and the script); throws an Error with a one-line message. */
export function parseOutboxArgs(argv: string[], defaultCountry = 'IN'): OutboxArgs {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: { to: { type: 'string' }, last: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) throw new Error(OUTBOX_USAGE);
  let to: string | undefined;
  if (values.to !== undefined) {
    const phone = normalizePhone(values.to, defaultCountry);
    if (phone === null) throw new Error(`--to: not a valid phone number: ${values.to}`);
    to = phone;
  }
  const last = values.last === undefined ? 10 : Number(values.last);
  if (!Number.isInteger(last) || last < 1 || last > 500) {
    throw new Error(`--last must be an integer from 1 to 500 (got ${values.last})`);
  }
  return { to, last };
}

/** The latest messages, newest first: time, recipient, status, body (one line each). */
export async function renderOutbox(store: Store, args: OutboxArgs): Promise<string> {
  const messages = await store.listSms({ limit: args.last, ...(args.to ? { to: args.to } : {}) });
  if (messages.length === 0) {
    return args.to ? `(no messages to ${args.to})` : '(the outbox is empty)';
  }
  return messages
    .map((m) => {
      const time = m.createdAt.toISOString().replace('T', ' ').slice(0, 19);
      const body = m.body.replace(/\s*\n\s*/g, ' / ');
      return `${time}Z  ${m.to.padEnd(15)} ${m.status.padEnd(7)} ${body}`;
    })
    .join('\n');
}
