import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SmsMessage, Store } from '@quickpay/db';
import { openSqliteStore } from '@quickpay/db/sqlite';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enqueueTransferAlert } from './alerts.ts';
import { createSmsDispatcher } from './dispatcher.ts';
import { createOutboxSender } from './outbox.ts';
import { SmsError, type SmsReceipt, type SmsSender } from './types.ts';

/** A transport that fails the first `failures` sends, then accepts; it records every try. */
class FlakySender implements SmsSender {
  readonly transport = 'twilio';
  readonly tries: string[] = [];
  readonly delivered: string[] = [];
  constructor(
    private failures: number,
    private readonly error: Error = new SmsError('Twilio failed (HTTP 503)', true, 503),
  ) {}
  async send(to: string, body: string): Promise<SmsReceipt> {
    this.tries.push(body);
    // Yield so that concurrent dispatchers really interleave.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failures > 0) {
      this.failures--;
      throw this.error;
    }
    this.delivered.push(body);
    return { providerId: `SM-${to}-${this.delivered.length}`, transport: 'twilio' };
  }
}

const START = Date.parse('2026-01-01T10:00:00.000Z');
let t = START;
const now = () => t;
let store: Store;

beforeEach(() => {
  t = START;
  store = openSqliteStore({ file: ':memory:', now });
});
afterEach(async () => {
  await store.close();
});

async function only(): Promise<SmsMessage> {
  const [message, ...rest] = await store.listSms();
  expect(rest).toHaveLength(0);
  if (!message) throw new Error('no message stored');
  return message;
}

const noRun = { sent: 0, failed: 0, retried: 0 };

describe('SMS dispatcher', () => {
  it('retries a retryable failure after its backoff, not before, then marks it sent', async () => {
    const sender = new FlakySender(2);
    const dispatcher = createSmsDispatcher({ store, sender, now, backoffMs: (n) => n * 10_000 });
    await enqueueTransferAlert(store, { to: '+919876543210', body: 'you received ₹10.00' });

    expect(await dispatcher.runOnce()).toEqual({ sent: 0, failed: 0, retried: 1 });
    let message = await only();
    expect(message.status).toBe('pending');
    expect(message.lastError).toContain('503');
    expect(message.nextAttemptAt.getTime()).toBe(START + 10_000);

    t = START + 9_999;
    expect(await dispatcher.runOnce()).toEqual(noRun);
    expect(sender.tries).toHaveLength(1);

    t = START + 10_000;
    expect(await dispatcher.runOnce()).toEqual({ sent: 0, failed: 0, retried: 1 });
    expect((await only()).nextAttemptAt.getTime()).toBe(START + 10_000 + 20_000);

    t = START + 30_000;
    expect(await dispatcher.runOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
    message = await only();
    expect(message.status).toBe('sent');
    expect(message.providerId).toBe('SM-+919876543210-1');
    expect(message.sentAt?.getTime()).toBe(START + 30_000);
    expect(sender.tries).toHaveLength(3);

    t = START + 3_600_000;
    expect(await dispatcher.runOnce()).toEqual(noRun);
    expect(sender.tries).toHaveLength(3);
  });

  it('records a non-retryable failure as failed after one attempt', async () => {
    const refused = new SmsError(
      'Twilio refused the SMS (HTTP 400, code 21211): bad To',
      false,
      400,
    );
    const sender = new FlakySender(1, refused);
    const log = vi.fn<(msg: string) => void>();
    const dispatcher = createSmsDispatcher({ store, sender, now, log });
    await enqueueTransferAlert(store, { to: '+919876543210', body: 'hello' });

    expect(await dispatcher.runOnce()).toEqual({ sent: 0, failed: 1, retried: 0 });
    const message = await only();
    expect(message.status).toBe('failed');
    expect(message.lastError).toContain('21211');
    expect(log).toHaveBeenCalledWith(expect.stringContaining('gave up'));

    t = START + 86_400_000;
    expect(await dispatcher.runOnce()).toEqual(noRun);
    expect(sender.tries).toHaveLength(1);
  });

  it('gives up after maxAttempts, recording the last error', async () => {
    const sender = new FlakySender(Number.POSITIVE_INFINITY, new Error('socket hang up'));
    const dispatcher = createSmsDispatcher({ store, sender, now, log: () => {}, maxAttempts: 3 });
    await enqueueTransferAlert(store, { to: '+919876543210', body: 'hello' });

    const results = [];
    for (let i = 0; i < 6; i++) {
      results.push(await dispatcher.runOnce());
      t += 3_600_000;
    }
    expect(results.slice(0, 3)).toEqual([
      { sent: 0, failed: 0, retried: 1 },
      { sent: 0, failed: 0, retried: 1 },
      { sent: 0, failed: 1, retried: 0 },
    ]);
    expect(sender.tries).toHaveLength(3);
    const message = await only();
    expect(message.status).toBe('failed');
    expect(message.attempts).toBe(3);
    expect(message.lastError).toBe('socket hang up');
  });

  it('doubles the default backoff with each attempt', async () => {
    const sender = new FlakySender(3);
    const dispatcher = createSmsDispatcher({ store, sender, now });
    await enqueueTransferAlert(store, { to: '+919876543210', body: 'hello' });
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const before = t;
      await dispatcher.runOnce();
      t = (await only()).nextAttemptAt.getTime();
      delays.push(t - before);
    }
    expect(delays).toEqual([2000, 4000, 8000]);
    expect(await dispatcher.runOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
  });

  it('with the outbox sender, marks a queued alert sent and logs it without storing a copy', async () => {
    const lines: string[] = [];
    const sender = createOutboxSender(store, (line) => lines.push(line));
    const dispatcher = createSmsDispatcher({ store, sender, now });
    await enqueueTransferAlert(store, { to: '+919876543210', body: 'you received ₹5.00' });

    expect(await dispatcher.runOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect((await only()).status).toBe('sent');
    expect(lines).toEqual(['[sms outbox] to +919876543210 : you received ₹5.00']);
  });

  it('keeps running on its timer when a run fails, and stops cleanly', async () => {
    const lines: string[] = [];
    const broken: Store = Object.create(store, {
      claimDueSms: { value: () => Promise.reject(new Error('database is locked')) },
    });
    const dispatcher = createSmsDispatcher({
      store: broken,
      sender: new FlakySender(0),
      log: (line) => lines.push(line),
      intervalMs: 5,
    });
    dispatcher.start();
    await vi.waitFor(() => expect(lines.length).toBeGreaterThanOrEqual(2));
    await dispatcher.stop();
    expect(lines[0]).toContain('database is locked');
  });

  it('sends queued alerts from its timer', async () => {
    const sender = new FlakySender(0);
    const dispatcher = createSmsDispatcher({ store, sender, now, intervalMs: 5 });
    await enqueueTransferAlert(store, { to: '+919876543210', body: 'one' });
    dispatcher.start();
    await vi.waitFor(async () => expect((await only()).status).toBe('sent'));
    await dispatcher.stop();
    expect(sender.delivered).toEqual(['one']);
  });
});

describe('two dispatchers on one database', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'quickpay-sms-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('never send one message twice', async () => {
    const file = join(dir, 'bank.db');
    const a = openSqliteStore({ file });
    const b = openSqliteStore({ file });
    try {
      // Straight into the queue: enqueueTransferAlert would cap alerts to one number.
      for (let i = 0; i < 40; i++)
        await a.enqueueSms({
          to: '+919876543210',
          body: `m${i}`,
          purpose: 'alert',
          status: 'pending',
        });
      const sender = new FlakySender(0);
      const one = createSmsDispatcher({ store: a, sender, batch: 7 });
      const two = createSmsDispatcher({ store: b, sender, batch: 7 });
      let total = 0;
      for (let round = 0; round < 20 && total < 40; round++) {
        const [x, y] = await Promise.all([one.runOnce(), two.runOnce()]);
        total += x.sent + y.sent;
      }
      expect(total).toBe(40);
      expect(sender.delivered).toHaveLength(40);
      expect(new Set(sender.delivered).size).toBe(40);
      const stored = await a.listSms({ limit: 100 });
      expect(stored.every((m) => m.status === 'sent')).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
