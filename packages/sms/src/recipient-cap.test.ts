import type { Store } from '@quickpay/db';
import { openSqliteStore } from '@quickpay/db/sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALERTS_PAUSED, enqueueTransferAlert } from './alerts.ts';
import { createSmsDispatcher } from './dispatcher.ts';
import { createOutboxSender } from './outbox.ts';
import { type RecipientCap, SmsCappedError, withRecipientCap } from './recipient-cap.ts';
import { createSmsSender } from './sender.ts';
import { SmsError, type SmsReceipt, type SmsSender } from './types.ts';

const TO = '+919876543210';
const OTHER = '+919812345678';
const cap: RecipientCap = { windowMs: 60 * 60_000, perRecipient: 4, alertsPerRecipient: 2 };

let t = Date.parse('2026-01-01T10:00:00.000Z');
const now = () => t;
let store: Store;
beforeEach(() => {
  store = openSqliteStore({ file: ':memory:', now });
});
afterEach(async () => {
  await store.close();
});

const delivered = async (to: string) =>
  (await store.listSms({ to })).filter((m) => m.status === 'logged' || m.status === 'sent');

describe('withRecipientCap', () => {
  it('refuses texts to a number past its cap, counting every kind, and starts again next window', async () => {
    const sender = withRecipientCap(
      createOutboxSender(store, () => {}),
      store,
      cap,
    );
    for (const purpose of ['password_reset', 'temp_password', 'password_reset', 'temp_password']) {
      await sender.send(TO, 'code', purpose);
    }
    await expect(sender.send(TO, 'code', 'password_reset')).rejects.toBeInstanceOf(SmsCappedError);
    await expect(sender.send(TO, 'code', 'temp_password')).rejects.toMatchObject({
      retryable: false,
      status: 429,
    });
    expect(await delivered(TO)).toHaveLength(4);
    // Another number has its own budget.
    await sender.send(OTHER, 'code', 'password_reset');
    t += cap.windowMs;
    await sender.send(TO, 'code', 'password_reset');
    expect(await delivered(TO)).toHaveLength(5);
  });

  it('shares the count between two senders over one store (two server instances)', async () => {
    const a = withRecipientCap(
      createOutboxSender(store, () => {}),
      store,
      cap,
    );
    const b = withRecipientCap(
      createOutboxSender(store, () => {}),
      store,
      cap,
    );
    await a.send(TO, 'x', 'password_reset');
    await b.send(TO, 'x', 'password_reset');
    await a.send(TO, 'x', 'password_reset');
    await b.send(TO, 'x', 'password_reset');
    await expect(a.send(TO, 'x', 'password_reset')).rejects.toBeInstanceOf(SmsCappedError);
    await expect(b.send(TO, 'x', 'password_reset')).rejects.toBeInstanceOf(SmsCappedError);
  });

  it('gives a slot back when the transport refused the message', async () => {
    let fail = true;
    const flaky: SmsSender = {
      transport: 'twilio',
      async send(): Promise<SmsReceipt> {
        if (fail) throw new SmsError('HTTP 503', true, 503);
        return { providerId: 'SM1', transport: 'twilio' };
      },
    };
    const sender = withRecipientCap(flaky, store, cap);
    for (let i = 0; i < 10; i++) {
      await expect(sender.send(TO, 'x', 'password_reset')).rejects.toMatchObject({ status: 503 });
    }
    fail = false;
    for (let i = 0; i < cap.perRecipient; i++) await sender.send(TO, 'x', 'password_reset');
    await expect(sender.send(TO, 'x', 'password_reset')).rejects.toBeInstanceOf(SmsCappedError);
  });

  it('is what createSmsSender returns, for the outbox as for Twilio', async () => {
    const sender = createSmsSender({ twilio: null }, store, () => {}, cap);
    for (let i = 0; i < cap.perRecipient; i++) await sender.send(TO, 'x', 'password_reset');
    await expect(sender.send(TO, 'x', 'password_reset')).rejects.toBeInstanceOf(SmsCappedError);
  });
});

describe('transfer alerts under the cap', () => {
  it('queues at most alertsPerRecipient alerts a window, the last saying more are paused', async () => {
    const queued = [];
    for (let i = 0; i < 30; i++) {
      queued.push(await enqueueTransferAlert(store, { to: TO, body: `alert ${i}.` }, cap));
    }
    expect(queued.filter((m) => m !== null)).toHaveLength(cap.alertsPerRecipient);
    const bodies = (await store.listSms({ to: TO })).map((m) => m.body).reverse();
    expect(bodies).toEqual(['alert 0.', `alert 1. ${ALERTS_PAUSED}`]);
  });

  it('delivers queued alerts through the capped sender, which refuses past the total cap', async () => {
    const sender = withRecipientCap(
      createOutboxSender(store, () => {}),
      store,
      cap,
    );
    const big = { ...cap, alertsPerRecipient: 100 };
    for (let i = 0; i < 6; i++) await enqueueTransferAlert(store, { to: TO, body: `a${i}` }, big);
    const log: string[] = [];
    const result = await createSmsDispatcher({
      store,
      sender,
      now,
      log: (l) => log.push(l),
    }).runOnce();
    expect(result).toEqual({ sent: cap.perRecipient, failed: 2, retried: 0 });
    expect(await delivered(TO)).toHaveLength(cap.perRecipient);
  });
});
