import { type ApiDeps, defaultApiConfig } from '@quickpay/api';
import type { Store } from '@quickpay/db';
import { openSqliteStore } from '@quickpay/db/sqlite';
import { createOutboxSender, SmsError, type SmsSender } from '@quickpay/sms';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LegacyError } from './errors.ts';
import { sendTempPassword, TEMP_PASSWORD, useTempPassword } from './temp-password.ts';

let t = Date.UTC(2026, 0, 10, 9);
let store: Store;
let deps: ApiDeps;

beforeEach(() => {
  store = openSqliteStore({ file: ':memory:', now: () => t });
  deps = {
    store,
    sms: createOutboxSender(store, () => {}),
    config: defaultApiConfig({ jwtSecret: new TextEncoder().encode('k'.repeat(32)) }),
    now: () => t,
  };
});
afterEach(() => store.close());

const addUser = () =>
  store.createUser({ fullName: 'Asha Rao', phone: '+919812345678', passwordHash: 'x' });

async function sentTemp(): Promise<string> {
  const [sms] = await store.listSms({ to: '+919812345678' });
  const temp = /@0[A-Za-z0-9]{6}/.exec(sms?.body ?? '')?.[0];
  if (!temp) throw new Error('no temporary password in the outbox');
  return temp;
}

async function refusal(p: Promise<unknown>): Promise<LegacyError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(LegacyError);
  return e as LegacyError;
}

describe('legacy temporary passwords (difference 6)', () => {
  it('texts an @0 + 6 letters/digits password to the +91 number and accepts it once', async () => {
    const user = await addUser();
    await sendTempPassword(deps, '9812345678', '198.51.100.1');
    const temp = await sentTemp();
    expect(temp).toMatch(TEMP_PASSWORD);
    expect(await useTempPassword(deps, user, temp)).toBe(true);
    expect(await useTempPassword(deps, user, temp)).toBe(false);
  });

  it('never replaces the current password', async () => {
    const user = await addUser();
    await sendTempPassword(deps, '9812345678', '198.51.100.1');
    expect((await store.findUserById(user.id))?.passwordHash).toBe('x');
  });

  it('expires after 15 minutes', async () => {
    const user = await addUser();
    await sendTempPassword(deps, '9812345678', '198.51.100.1');
    const temp = await sentTemp();
    t += 15 * 60_000 + 1;
    expect(await useTempPassword(deps, user, temp)).toBe(false);
  });

  it('refuses a guess that is not the sent password, and anything not shaped like one', async () => {
    const user = await addUser();
    await sendTempPassword(deps, '9812345678', '198.51.100.1');
    const temp = await sentTemp();
    const wrong = `@0${temp.slice(2) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'}`;
    expect(await useTempPassword(deps, user, wrong)).toBe(false);
    expect(await useTempPassword(deps, user, 'correct horse 42')).toBe(false);
    expect(await useTempPassword(deps, user, temp)).toBe(true);
  });

  it('answers an unknown number exactly like a known one and texts nobody', async () => {
    await expect(sendTempPassword(deps, '9812345679', '198.51.100.1')).resolves.toBeUndefined();
    expect(await store.listSms()).toEqual([]);
  });

  it('refuses a number that is not a phone number', async () => {
    const e = await refusal(sendTempPassword(deps, '12345', '198.51.100.1'));
    expect([e.status, e.message, e.flags]).toEqual([
      400,
      'Invalid phone number',
      { isSMSSent: false },
    ]);
  });

  it('is rate limited per phone: 429 Too many requests', async () => {
    await addUser();
    const { limit } = deps.config.rateLimits.resetPerPhone;
    for (let i = 0; i < limit; i++) await sendTempPassword(deps, '9812345678', `198.51.100.${i}`);
    const e = await refusal(sendTempPassword(deps, '9812345678', '198.51.100.99'));
    expect([e.status, e.message]).toEqual([429, 'Too many requests']);
  });

  it('answers 503 when no SMS can be sent, and leaves no usable password behind', async () => {
    const user = await addUser();
    let sentBody = '';
    const down: SmsSender = {
      transport: 'twilio',
      send: async (_to, body) => {
        sentBody = body;
        throw new SmsError('Twilio answered 500', true, 500);
      },
    };
    const e = await refusal(sendTempPassword({ ...deps, sms: down }, '9812345678', '198.51.100.1'));
    expect([e.status, e.message, e.flags]).toEqual([
      503,
      'SMS service unavailable',
      { isSMSSent: false },
    ]);
    const temp = /@0[A-Za-z0-9]{6}/.exec(sentBody)?.[0] ?? '';
    expect(temp).toMatch(TEMP_PASSWORD);
    expect(await useTempPassword(deps, user, temp)).toBe(false);
  });
});
