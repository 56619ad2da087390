import type { Store } from '@quickpay/db';
import { openSqliteStore } from '@quickpay/db/sqlite';
import { createOutboxSender, SmsError, type SmsSender } from '@quickpay/sms';
import { afterEach, describe, expect, it } from 'vitest';
import { type ApiConfig, defaultApiConfig } from '../config.ts';
import { createInnerContext } from '../context.ts';
import { createCaller } from '../root.ts';
import { refused } from '../testing/assert.ts';
import { Clock, createTestApi, FakeHttp, nextPhone, type TestApi } from '../testing/harness.ts';
import { RESET_REQUESTED } from './reset-codes.ts';

const NEW = 'fresh start 2025';
const minutes = (n: number) => n * 60_000;
let t: TestApi;
afterEach(() => t.close());

/** The code in the newest reset SMS to a number (the outbox is what a developer reads). */
async function codeSentTo(phone: string): Promise<string> {
  const [sms] = await t.store.listSms({ to: `+91${phone}` });
  const code = /\b(\d{6})\b/.exec(sms?.body ?? '')?.[1];
  if (!code) throw new Error(`no reset code sent to ${phone}`);
  return code;
}

describe('auth.requestPasswordReset', () => {
  it('texts a 6-digit code to a registered number and answers with the fixed message', async () => {
    t = createTestApi();
    const { phone } = await t.signUp();
    const res = await t.caller().auth.requestPasswordReset({ phone });
    expect(res).toEqual({ ok: true, message: RESET_REQUESTED });
    const sent = await t.store.listSms({ to: `+91${phone}` });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ purpose: 'password_reset' });
    expect(sent[0]?.body).toMatch(/\b\d{6}\b/);
  });

  it('gives an unknown number the same answer and texts nothing', async () => {
    t = createTestApi();
    const { phone } = await t.signUp();
    const known = await t.caller().auth.requestPasswordReset({ phone });
    const stranger = nextPhone();
    const unknown = await t.caller().auth.requestPasswordReset({ phone: stranger });
    expect(unknown).toEqual(known);
    expect(await t.store.listSms({ to: `+91${stranger}` })).toHaveLength(0);
  });

  it('stores the code hashed, not as typed', async () => {
    t = createTestApi();
    const { phone, user } = await t.signUp();
    await t.caller().auth.requestPasswordReset({ phone });
    const code = await codeSentTo(phone);
    expect(await t.store.verifyCode('password_reset', user.id, code)).toBe('wrong');
  });

  it('refuses an invalid phone number', async () => {
    t = createTestApi();
    const r = await refused(t.caller().auth.requestPasswordReset({ phone: '12ab' }));
    expect(r).toMatchObject({ code: 'BAD_REQUEST', domainCode: 'INVALID_PHONE' });
  });

  it('limits requests per phone, registered or not, with the same refusal', async () => {
    t = createTestApi();
    const { phone } = await t.signUp();
    const stranger = nextPhone();
    const refusals = [];
    for (const p of [phone, stranger]) {
      // Each from its own IP, so only the per-phone limit (3 per 15 minutes) applies.
      const api = t.caller(Object.assign(new FakeHttp(), { ip: `192.0.2.${p.slice(-2)}` }));
      for (let i = 0; i < 3; i++) await api.auth.requestPasswordReset({ phone: p });
      refusals.push(await refused(api.auth.requestPasswordReset({ phone: p })));
    }
    expect(refusals[0]).toMatchObject({ code: 'TOO_MANY_REQUESTS', domainCode: 'RATE_LIMITED' });
    expect(refusals[1]).toEqual(refusals[0]);
    expect(await t.store.listSms({ to: `+91${phone}` })).toHaveLength(3);
    t.clock.advance(minutes(15));
    await t.caller().auth.requestPasswordReset({ phone });
  });

  it('limits requests per IP across phone numbers', async () => {
    const base = defaultApiConfig({ jwtSecret: new Uint8Array(32) }).rateLimits;
    t = createTestApi({ rateLimits: { ...base, resetPerIp: { limit: 2, windowMs: minutes(15) } } });
    const api = t.caller();
    await api.auth.requestPasswordReset({ phone: nextPhone() });
    await api.auth.requestPasswordReset({ phone: nextPhone() });
    const r = await refused(api.auth.requestPasswordReset({ phone: nextPhone() }));
    expect(r.domainCode).toBe('RATE_LIMITED');
  });
});

describe('auth.resetPassword', () => {
  async function requested() {
    t = createTestApi();
    const who = await t.signUp();
    await t.caller().auth.requestPasswordReset({ phone: who.phone });
    return { ...who, code: await codeSentTo(who.phone) };
  }

  it('sets the new password and ends every session', async () => {
    const { phone, code, api, password } = await requested();
    expect(await t.caller().auth.resetPassword({ phone, code, newPassword: NEW })).toEqual({
      ok: true,
    });
    expect((await refused(api.profile.get())).domainCode).toBe('UNAUTHENTICATED');
    const old = await refused(t.caller().auth.logIn({ phone, password }));
    expect(old.domainCode).toBe('INVALID_CREDENTIALS');
    await t.caller().auth.logIn({ phone, password: NEW });
  });

  it('accepts a code only once', async () => {
    const { phone, code } = await requested();
    await t.caller().auth.resetPassword({ phone, code, newPassword: NEW });
    const again = await refused(
      t.caller().auth.resetPassword({ phone, code, newPassword: 'yet another 99' }),
    );
    expect(again).toMatchObject({ code: 'BAD_REQUEST', domainCode: 'INVALID_CODE' });
  });

  it('refuses a code after its 10 minutes with the same message as a wrong one', async () => {
    const { phone, code } = await requested();
    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await refused(
      t.caller().auth.resetPassword({ phone, code: wrongCode, newPassword: NEW }),
    );
    t.clock.advance(minutes(10) + 1);
    const expired = await refused(t.caller().auth.resetPassword({ phone, code, newPassword: NEW }));
    expect(expired).toEqual(wrong);
    expect(expired.domainCode).toBe('INVALID_CODE');
  });

  it('burns the code after 5 wrong attempts', async () => {
    const { phone, code } = await requested();
    const wrongCode = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const r = await refused(
        t.caller().auth.resetPassword({ phone, code: wrongCode, newPassword: NEW }),
      );
      expect(r.domainCode).toBe('INVALID_CODE');
    }
    const r = await refused(t.caller().auth.resetPassword({ phone, code, newPassword: NEW }));
    expect(r.domainCode).toBe('INVALID_CODE');
  });

  it('lets a new request replace the old code', async () => {
    const { phone, code: first } = await requested();
    await t.caller().auth.requestPasswordReset({ phone });
    const second = await codeSentTo(phone);
    if (first !== second) {
      const r = await refused(
        t.caller().auth.resetPassword({ phone, code: first, newPassword: NEW }),
      );
      expect(r.domainCode).toBe('INVALID_CODE');
    }
    await t.caller().auth.resetPassword({ phone, code: second, newPassword: NEW });
  });

  it('refuses a code sent before the password was changed', async () => {
    const { phone, code, api, password } = await requested();
    await api.auth.changePassword({ currentPassword: password, newPassword: NEW });
    const r = await refused(
      t.caller().auth.resetPassword({ phone, code, newPassword: 'another fresh 77' }),
    );
    expect(r.domainCode).toBe('INVALID_CODE');
  });

  it('checks the password policy before spending the code', async () => {
    const { phone, code } = await requested();
    const weak = await refused(
      t.caller().auth.resetPassword({ phone, code, newPassword: 'password' }),
    );
    expect(weak.domainCode).toBe('WEAK_PASSWORD');
    await t.caller().auth.resetPassword({ phone, code, newPassword: NEW });
  });

  it('answers a malformed code and an unknown number like a wrong code', async () => {
    const { phone, code } = await requested();
    const malformed = await refused(
      t.caller().auth.resetPassword({ phone, code: '12ab', newPassword: NEW }),
    );
    const stranger = await refused(
      t.caller().auth.resetPassword({ phone: nextPhone(), code, newPassword: NEW }),
    );
    expect(malformed).toMatchObject({ domainCode: 'INVALID_CODE' });
    expect(stranger).toEqual(malformed);
    // A malformed code spent no attempt; the real one still works.
    await t.caller().auth.resetPassword({ phone, code, newPassword: NEW });
  });
});

describe('reset codes with a failing SMS provider', () => {
  /** A Twilio-like sender that refuses every message after seeing it (so the test knows the code). */
  function failingSender(error: Error, seen: string[]): SmsSender {
    return {
      transport: 'twilio',
      async send(_to, body) {
        seen.push(/\b(\d{6})\b/.exec(body)?.[1] ?? '');
        throw error;
      },
    };
  }

  it('answers SMS_UNAVAILABLE for a registered number and leaves no usable code', async () => {
    const seen: string[] = [];
    const error = new SmsError('Twilio 400: invalid To number', false, 400);
    t = createTestApi({}, { sms: () => failingSender(error, seen) });
    const { phone } = await t.signUp();
    const r = await refused(t.caller().auth.requestPasswordReset({ phone }));
    expect(r).toMatchObject({ code: 'SERVICE_UNAVAILABLE', domainCode: 'SMS_UNAVAILABLE' });
    expect(r.message).not.toContain('Twilio');
    const [code = ''] = seen;
    const used = await refused(t.caller().auth.resetPassword({ phone, code, newPassword: NEW }));
    expect(used.domainCode).toBe('INVALID_CODE');
  });

  it('also deletes the code when the sender fails unexpectedly, hiding the details', async () => {
    const seen: string[] = [];
    t = createTestApi({}, { sms: () => failingSender(new Error('socket hang up'), seen) });
    const { phone } = await t.signUp();
    const r = await refused(t.caller().auth.requestPasswordReset({ phone }));
    expect(r).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    const used = await refused(
      t.caller().auth.resetPassword({ phone, code: seen[0] ?? '', newPassword: NEW }),
    );
    expect(used.domainCode).toBe('INVALID_CODE');
  });

  it('still gives unknown numbers the plain answer (nothing is sent to them)', async () => {
    t = createTestApi({}, { sms: () => failingSender(new SmsError('down', true, 503), []) });
    const res = await t.caller().auth.requestPasswordReset({ phone: nextPhone() });
    expect(res).toEqual({ ok: true, message: RESET_REQUESTED });
  });
});

describe('reset work for unknown numbers', () => {
  it('makes the same number of store calls as for a registered number', async () => {
    const clock = new Clock();
    const real = openSqliteStore({ file: ':memory:', now: clock.now });
    const calls: string[] = [];
    // A counting pass-through over the real store (not a mock: every call reaches SQLite).
    const store = new Proxy(real, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(prop));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as Store;
    const config: ApiConfig = defaultApiConfig({ jwtSecret: new Uint8Array(32).fill(7) });
    const deps = { store, config, now: clock.now, sms: createOutboxSender(store, () => {}) };
    const api = createCaller(createInnerContext(deps, new FakeHttp()));
    const phone = nextPhone();
    await api.auth.signUp({ fullName: 'Asha Rao', phone, password: 'correct horse 42' });
    calls.length = 0;
    await api.auth.requestPasswordReset({ phone });
    const known = calls.length;
    calls.length = 0;
    await api.auth.requestPasswordReset({ phone: nextPhone() });
    expect(calls.length).toBe(known);
    await real.close();
    t = createTestApi(); // afterEach closes it
  });
});
