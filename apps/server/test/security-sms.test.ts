import { createSmsDispatcher, DEFAULT_RECIPIENT_CAP } from '@quickpay/sms';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers.ts';

/**
 * Issue 11 item 4: the bank's SMS carry no text a customer typed, and one number gets a
 * bounded number of texts per window across every kind (codes, passwords, alerts).
 */

const PASSWORD = 'Tq7#vLm2pZ9!wR';
let seq = 0;
const phone = () => `94${String(10_000_000 + ++seq).slice(-8)}`;
const PHISH = 'URGENT KYC pending call 9000000000 or visit evil example com';

let s: TestServer;
afterEach(() => s?.close());

async function post(path: string, body: unknown, token?: string) {
  const res = await fetch(`${s.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function signUp(fullName: string, digits: string) {
  const res = await post('/trpc/auth.signUp', { fullName, phone: digits, password: PASSWORD });
  expect(res.status).toBe(200);
  const data = (
    res.json.result as { data: { accessToken: string; user: { accountNumber: number } } }
  ).data;
  return { token: data.accessToken, accountNumber: data.user.accountNumber };
}

/** Delivers queued alerts as the server's background dispatcher would. */
async function dispatch() {
  const { store, sms } = s.app.deps;
  await createSmsDispatcher({ store, sender: sms, now: s.clock.now, log: () => {} }).runOnce();
}

/** Texts that reached the number (the outbox transport records them 'logged' or 'sent'). */
async function textsTo(digits: string) {
  const all = await s.app.deps.store.listSms({ to: `+91${digits}`, limit: 500 });
  return all.filter((m) => m.status === 'logged' || m.status === 'sent');
}

/** Starts the clock at the top of an hour so one fixed cap window spans the whole test. */
function topOfHour() {
  const w = DEFAULT_RECIPIENT_CAP.windowMs;
  s.clock.t = Math.ceil(s.clock.t / w) * w + 1000;
}

describe('SMS bodies are fixed templates', () => {
  it('the legacy temporary password SMS does not carry the account name', async () => {
    s = await startServer();
    // Sign-up does not prove the phone: the attacker registers the victim's number.
    const victim = phone();
    const su = await post('/api/signup', {
      username: PHISH,
      password: PASSWORD,
      age: 30,
      gender: 'Male',
      phoneNumber: victim,
    });
    expect(su.status).toBe(201);
    expect((await post('/api/forgotPass', { phoneNumber: victim })).status).toBe(200);
    const [sms, ...rest] = await textsTo(victim);
    expect(rest).toHaveLength(0);
    expect(sms?.body).toMatch(
      /^Quickpay: your temporary password is @0[A-Za-z0-9]{6}\. It works once, for 15 minutes\. Your current password still works\.$/,
    );
    expect(sms?.body).not.toMatch(/KYC|evil|9000000000/);
  });

  it('a transfer alert names masked accounts and amounts, never the sender name', async () => {
    s = await startServer({ RATE_SIGNUPS_PER_IP: '1000' });
    const victimPhone = phone();
    const victim = await signUp('Meera Iyer', victimPhone);
    await post('/trpc/profile.update', { smsAlerts: true }, victim.token);
    const evil = await signUp(PHISH, phone());
    await post(
      '/trpc/payments.deposit',
      { amount: 100, idempotencyKey: crypto.randomUUID() },
      evil.token,
    );
    const pay = await post(
      '/trpc/payments.transfer',
      { toAccountNumber: victim.accountNumber, amount: 1, idempotencyKey: crypto.randomUUID() },
      evil.token,
    );
    expect(pay.status).toBe(200);
    await dispatch();
    const [alert] = await textsTo(victimPhone);
    const last2 = (n: number) => String(n).slice(-2);
    expect(alert?.body).toBe(
      `Quickpay: account XX${last2(victim.accountNumber)} credited with ₹0.01 from account XX${last2(evil.accountNumber)}. Balance: ₹0.01.`,
    );
  });
});

describe('texts to one number are capped per window across all kinds', () => {
  it('30 one-paisa transfers produce at most a handful of alert texts', async () => {
    s = await startServer({ RATE_SIGNUPS_PER_IP: '1000' });
    topOfHour();
    const victimPhone = phone();
    const victim = await signUp('Meera Iyer', victimPhone);
    await post('/trpc/profile.update', { smsAlerts: true }, victim.token);
    const evil = await signUp('Evil Sender', phone());
    await post(
      '/trpc/payments.deposit',
      { amount: 100, idempotencyKey: crypto.randomUUID() },
      evil.token,
    );
    for (let i = 0; i < 30; i++) {
      const pay = await post(
        '/trpc/payments.transfer',
        { toAccountNumber: victim.accountNumber, amount: 1, idempotencyKey: crypto.randomUUID() },
        evil.token,
      );
      expect(pay.status).toBe(200);
    }
    await dispatch();
    const texts = await textsTo(victimPhone);
    expect(texts).toHaveLength(DEFAULT_RECIPIENT_CAP.alertsPerRecipient);
    expect(texts.length).toBeLessThanOrEqual(5);
    // Nothing is lost but the texts: the history has all 30.
    const hist = await fetch(
      `${s.url}/trpc/transactions.list?input=${encodeURIComponent('{"limit":50}')}`,
      {
        headers: { authorization: `Bearer ${victim.token}` },
      },
    );
    expect(
      ((await hist.json()) as { result: { data: { items: unknown[] } } }).result.data.items,
    ).toHaveLength(30);
  });

  it('reset codes, temporary passwords and alerts share one budget per number', async () => {
    s = await startServer({
      RATE_SIGNUPS_PER_IP: '1000',
      RATE_RESET_PER_PHONE: '1000',
      RATE_RESET_PER_IP: '1000',
    });
    topOfHour();
    const victimPhone = phone();
    const victim = await signUp('Meera Iyer', victimPhone);
    await post('/trpc/profile.update', { smsAlerts: true }, victim.token);
    const payer = await signUp('Ravi Kumar', phone());
    await post(
      '/trpc/payments.deposit',
      { amount: 100, idempotencyKey: crypto.randomUUID() },
      payer.token,
    );
    for (let i = 0; i < 5; i++) {
      await post(
        '/trpc/payments.transfer',
        { toAccountNumber: victim.accountNumber, amount: 1, idempotencyKey: crypto.randomUUID() },
        payer.token,
      );
    }
    await dispatch();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await post('/trpc/auth.requestPasswordReset', { phone: victimPhone })).status);
      statuses.push((await post('/api/forgotPass', { phoneNumber: victimPhone })).status);
    }
    const { perRecipient, alertsPerRecipient } = DEFAULT_RECIPIENT_CAP;
    const allowed = perRecipient - alertsPerRecipient;
    expect(statuses.slice(0, allowed)).toEqual(Array(allowed).fill(200));
    expect(statuses.slice(allowed)).toEqual(Array(statuses.length - allowed).fill(429));
    expect(await textsTo(victimPhone)).toHaveLength(perRecipient);

    // The next window has a fresh budget.
    s.clock.advance(DEFAULT_RECIPIENT_CAP.windowMs);
    expect((await post('/trpc/auth.requestPasswordReset', { phone: victimPhone })).status).toBe(
      200,
    );
    expect(await textsTo(victimPhone)).toHaveLength(perRecipient + 1);
  });

  it('a capped legacy forgotPass answers 429 in the old error shape', async () => {
    s = await startServer({ RATE_RESET_PER_PHONE: '1000', RATE_RESET_PER_IP: '1000' });
    topOfHour();
    const victimPhone = phone();
    await signUp('Meera Iyer', victimPhone);
    for (let i = 0; i < DEFAULT_RECIPIENT_CAP.perRecipient; i++) {
      expect((await post('/api/forgotPass', { phoneNumber: victimPhone })).status).toBe(200);
    }
    const capped = await post('/api/forgotPass', { phoneNumber: victimPhone });
    expect(capped).toEqual({ status: 429, json: { error: 'Too many requests', isSMSSent: false } });
  });
});
