import type { SmsMessage, Store } from '@quickpay/db';
import { openSqliteStore } from '@quickpay/db/sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatAlert } from './alerts.ts';
import { createOutboxSender, formatOutbox } from './outbox.ts';
import { createSmsSender } from './sender.ts';

let store: Store;
beforeEach(() => {
  store = openSqliteStore({ file: ':memory:' });
});
afterEach(async () => {
  await store.close();
});

describe('outbox sender', () => {
  it('stores the message as logged and prints it for the developer', async () => {
    const lines: string[] = [];
    const sender = createOutboxSender(store, (line) => lines.push(line));
    const receipt = await sender.send('+919876543210', 'Your code is 482913', 'password_reset');

    expect(receipt).toEqual({ providerId: null, transport: 'outbox' });
    expect(lines).toEqual(['[sms outbox] to +919876543210 : Your code is 482913']);
    const [stored] = await store.listSms({ to: '+919876543210' });
    expect(stored?.status).toBe('logged');
    expect(stored?.purpose).toBe('password_reset');
    expect(stored?.body).toBe('Your code is 482913');
  });
});

describe('createSmsSender', () => {
  it('picks Twilio when Twilio is configured', () => {
    const twilio = { accountSid: `AC${'0'.repeat(32)}`, authToken: 'token', from: '+15005550006' };
    expect(createSmsSender({ twilio }, store).transport).toBe('twilio');
  });

  it('falls back to the outbox without Twilio', () => {
    expect(createSmsSender({ twilio: null }, store, () => {}).transport).toBe('outbox');
  });
});

describe('formatOutbox', () => {
  const message = (id: string, at: string, body: string): SmsMessage => ({
    id,
    to: '+919876543210',
    body,
    purpose: 'alert',
    status: 'logged',
    attempts: 0,
    nextAttemptAt: new Date(at),
    lastError: null,
    providerId: null,
    createdAt: new Date(at),
    sentAt: null,
  });

  it('lists messages newest first with time, number, status and body on one line each', () => {
    const text = formatOutbox([
      message('1', '2026-01-01T09:00:00Z', 'older'),
      message('2', '2026-01-01T10:30:15Z', 'newer\nsecond line'),
    ]);
    expect(text.split('\n')).toEqual([
      '2026-01-01 10:30:15  +919876543210    logged   newer / second line',
      '2026-01-01 09:00:00  +919876543210    logged   older',
    ]);
  });

  it('says so when there is nothing', () => {
    expect(formatOutbox([])).toMatch(/no messages/);
  });
});

describe('formatAlert', () => {
  it('names masked account numbers and formats rupees from paise with Indian grouping', () => {
    expect(
      formatAlert({ amount: 125050, currency: 'INR', toAccount: 1034, fromAccount: 1056 }),
    ).toBe('Quickpay: account XX34 credited with ₹1,250.50 from account XX56.');
  });

  it('adds the balance when given', () => {
    expect(
      formatAlert({
        amount: 100,
        currency: 'INR',
        toAccount: 1000,
        fromAccount: 1001,
        balance: 12_345_678_90,
      }),
    ).toBe(
      'Quickpay: account XX00 credited with ₹1.00 from account XX01. Balance: ₹1,23,45,678.90.',
    );
  });

  it('scales by the currency’s own decimals', () => {
    expect(
      formatAlert({
        amount: 500,
        currency: 'JPY',
        toAccount: 7,
        fromAccount: 1234,
        locale: 'en-US',
      }),
    ).toBe('Quickpay: account XX07 credited with ¥500 from account XX34.');
  });
});
