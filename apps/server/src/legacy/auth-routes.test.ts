import { SmsError } from '@quickpay/sms';

const TOO_EASY = /^Password is too easy to guess\. \S/;

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  jsonTypes,
  type LegacyServer,
  nextPhone,
  PASSWORD,
  signUp,
  startLegacyServer,
} from './test-helpers.ts';

let s: LegacyServer;
beforeAll(async () => {
  s = await startLegacyServer();
});
afterAll(() => s.close());

const signUpBody = (over: Record<string, unknown> = {}) => ({
  username: 'Ravi Kumar',
  password: PASSWORD,
  age: '30',
  gender: 'Male',
  phoneNumber: nextPhone(),
  ...over,
});

/** The temporary password texted to a 10-digit number, read from the SMS outbox. */
async function textedTemp(phone: string): Promise<string> {
  const [sms] = await s.store.listSms({ to: `+91${phone}` });
  const temp = /@0[A-Za-z0-9]{6}/.exec(sms?.body ?? '')?.[0];
  if (!temp) throw new Error('no temporary password texted');
  return temp;
}

describe('POST /api/signup', () => {
  it('answers 201 with message, user_id (a number) and signUp, and starts a session', async () => {
    const c = s.client();
    const res = await c.post('/api/signup', signUpBody());
    expect(res.status).toBe(201);
    expect(jsonTypes(res.body)).toEqual({
      message: 'string',
      user_id: 'number',
      signUp: 'boolean',
    });
    expect(res.body).toMatchObject({
      message: 'User Ravi Kumar created successfully',
      signUp: true,
    });
    expect((res.body as { user_id: number }).user_id).toBeGreaterThanOrEqual(1000);
    expect((await c.get('/api/profile-data')).status).toBe(200);
  });

  it('reads the free-text gender of the old forms (M, female, anything else)', async () => {
    for (const [sent, shown] of [
      ['M', 'Male'],
      ['female', 'Female'],
      ['prefer not', 'Other'],
    ]) {
      const c = s.client();
      await c.post('/api/signup', signUpBody({ gender: sent }));
      expect(((await c.get('/api/profile-data')).body as { gender: string }).gender).toBe(shown);
    }
  });

  it('refuses missing fields: 400 All fields are required', async () => {
    for (const key of ['username', 'password', 'age', 'gender', 'phoneNumber']) {
      const res = await s.client().post('/api/signup', signUpBody({ [key]: '' }));
      expect([res.status, res.body]).toEqual([
        400,
        { error: 'All fields are required', signUp: false },
      ]);
    }
  });

  it('refuses a bad age, an age out of range and a phone that is not 10 digits', async () => {
    const c = s.client();
    const cases: [Record<string, unknown>, string][] = [
      [{ age: 'thirty' }, 'Invalid age format'],
      [{ age: '30.5' }, 'Invalid age format'],
      [{ age: 17 }, 'Age must be between 18 and 150'],
      [{ age: '151' }, 'Age must be between 18 and 150'],
      [{ phoneNumber: '98765' }, 'Phone number must be 10 digits'],
      [{ phoneNumber: '98765abcde' }, 'Phone number must be 10 digits'],
    ];
    for (const [over, error] of cases) {
      const res = await c.post('/api/signup', signUpBody(over));
      expect([res.status, res.body]).toEqual([400, { error, signUp: false }]);
    }
  });

  it('refuses a weak password with the reason', async () => {
    const res = await s.client().post('/api/signup', signUpBody({ password: 'India@123' }));
    expect([res.status, res.body]).toEqual([
      400,
      { error: expect.stringMatching(TOO_EASY), signUp: false },
    ]);
  });

  it('refuses a registered phone: 409 Phone number already registered', async () => {
    const phone = nextPhone();
    await signUp(s.client(), 'Asha Rao', phone);
    const res = await s.client().post('/api/signup', signUpBody({ phoneNumber: phone }));
    expect([res.status, res.body]).toEqual([
      409,
      { error: 'Phone number already registered', signUp: false },
    ]);
  });

  it('difference 8: an object where a string or number belongs is a 400', async () => {
    const res = await s.client().post('/api/signup', signUpBody({ username: { $ne: null } }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ signUp: false });
  });

  it('difference 9: the session cookies are httpOnly, SameSite=Lax and expire', async () => {
    const c = s.client();
    await c.post('/api/signup', signUpBody());
    expect(c.lastSetCookie.length).toBeGreaterThanOrEqual(1);
    for (const line of c.lastSetCookie) {
      expect(line).toMatch(/; HttpOnly/i);
      expect(line).toMatch(/; SameSite=Lax/i);
      expect(line).toMatch(/; Max-Age=\d+/i);
      expect(line).not.toMatch(/; Secure/i);
    }
  });
});

describe('POST /api/login', () => {
  it('answers 200 Welcome back with loggedIn and starts a session (user_id as a string too)', async () => {
    const u = await signUp(s.client(), 'Meera Iyer');
    const c = s.client();
    expect((await c.get('/api/profile-data')).status).toBe(401);
    const res = await c.post('/api/login', {
      username: 'Meera Iyer',
      password: PASSWORD,
      user_id: String(u.userId),
    });
    expect(res.status).toBe(200);
    expect(jsonTypes(res.body)).toEqual({ message: 'string', loggedIn: 'boolean' });
    expect(res.body).toEqual({ message: 'Welcome back, Meera Iyer!', loggedIn: true });
    expect((await c.get('/api/profile-data')).status).toBe(200);
  });

  it('refuses a missing or malformed user id: 400 Valid User ID is required', async () => {
    for (const user_id of [undefined, '', 'abc', '10.5', { $gt: 0 }]) {
      const res = await s.client().post('/api/login', { username: 'x', password: 'y', user_id });
      expect([res.status, res.body]).toEqual([
        400,
        { error: 'Valid User ID is required', loggedIn: false },
      ]);
    }
  });

  it('refuses a wrong password, a wrong name or an unknown account alike, with no cookie', async () => {
    const u = await signUp(s.client(), 'Kiran Das');
    const attempts = [
      { username: 'Kiran Das', password: 'wrong password 1', user_id: u.userId },
      { username: 'Someone Else', password: PASSWORD, user_id: u.userId },
      { username: 'Kiran Das', password: PASSWORD, user_id: 999_999 },
    ];
    for (const body of attempts) {
      const c = s.client();
      const res = await c.post('/api/login', body);
      expect([res.status, res.body]).toEqual([
        401,
        { error: 'Invalid credentials', loggedIn: false },
      ]);
      expect(c.lastSetCookie).toEqual([]);
      expect((await c.get('/api/profile-data')).status).toBe(401);
    }
  });

  it('difference 8: a query operator in place of the password or name is a 400', async () => {
    const u = await signUp(s.client(), 'Nila Sen');
    for (const body of [
      { username: 'Nila Sen', password: { $ne: 'x' }, user_id: u.userId },
      { username: { $ne: null }, password: PASSWORD, user_id: u.userId },
      { username: 'Nila Sen', password: [PASSWORD], user_id: u.userId },
    ]) {
      const c = s.client();
      const res = await c.post('/api/login', body);
      expect([res.status, res.body, c.jar.size]).toEqual([
        400,
        { error: 'Invalid input', loggedIn: false },
        0,
      ]);
    }
  });
});

describe('POST /api/change-password', () => {
  it('updates the password: the old one stops working, the new one logs in', async () => {
    const c = s.client();
    const u = await signUp(c, 'Tara Singh');
    const res = await c.post('/api/change-password', {
      oldPassword: PASSWORD,
      newPassword: 'a brand new secret 7',
      confirmNewPassword: 'a brand new secret 7',
    });
    expect([res.status, res.body]).toEqual([200, { message: 'Password updated' }]);
    const login = (password: string) =>
      s.client().post('/api/login', { username: 'Tara Singh', password, user_id: u.userId });
    expect((await login(PASSWORD)).status).toBe(401);
    expect((await login('a brand new secret 7')).status).toBe(200);
  });

  it('difference 5: without a session it is 401, not a server error', async () => {
    const res = await s.client().post('/api/change-password', {
      oldPassword: PASSWORD,
      newPassword: 'a brand new secret 7',
      confirmNewPassword: 'a brand new secret 7',
    });
    expect([res.status, res.body]).toEqual([401, { error: 'User not logged in' }]);
  });

  it('difference 5: it ends every other session of the user and keeps this one', async () => {
    const here = s.client();
    const u = await signUp(here, 'Omar Ali');
    const elsewhere = s.client();
    await elsewhere.post('/api/login', {
      username: 'Omar Ali',
      password: PASSWORD,
      user_id: u.userId,
    });
    expect((await elsewhere.get('/api/profile-data')).status).toBe(200);
    const res = await here.post('/api/change-password', {
      oldPassword: PASSWORD,
      newPassword: 'another good secret 8',
      confirmNewPassword: 'another good secret 8',
    });
    expect(res.status).toBe(200);
    expect((await elsewhere.get('/api/profile-data')).status).toBe(401);
    expect((await here.get('/api/profile-data')).status).toBe(200);
  });

  it('difference 8: an object in place of a password is a 400, and nothing changes', async () => {
    const c = s.client();
    const u = await signUp(c, 'Typed Changer');
    const res = await c.post('/api/change-password', {
      oldPassword: { $ne: '' },
      newPassword: 'a brand new secret 7',
      confirmNewPassword: 'a brand new secret 7',
    });
    expect(res.status).toBe(400);
    const login = await s
      .client()
      .post('/api/login', { username: 'Typed Changer', password: PASSWORD, user_id: u.userId });
    expect(login.status).toBe(200);
  });

  it('refuses a confirmation that differs (400) and a wrong old password (403)', async () => {
    const c = s.client();
    await signUp(c, 'Lata Roy');
    const mismatch = await c.post('/api/change-password', {
      oldPassword: PASSWORD,
      newPassword: 'a brand new secret 7',
      confirmNewPassword: 'a brand new secret 8',
    });
    expect([mismatch.status, mismatch.body]).toEqual([400, { error: 'Passwords do not match' }]);
    const wrong = await c.post('/api/change-password', {
      oldPassword: 'not my password 1',
      newPassword: 'a brand new secret 7',
      confirmNewPassword: 'a brand new secret 7',
    });
    expect([wrong.status, wrong.body]).toEqual([403, { error: 'Incorrect old password' }]);
    const weak = await c.post('/api/change-password', {
      oldPassword: PASSWORD,
      newPassword: 'password',
      confirmNewPassword: 'password',
    });
    expect([weak.status, weak.body]).toEqual([400, { error: expect.stringMatching(TOO_EASY) }]);
  });
});

describe('POST /api/forgotPass (difference 6)', () => {
  it('texts a temporary password, returns only a message, and keeps the current password', async () => {
    const u = await signUp(s.client(), 'Divya Nair');
    const res = await s.client().post('/api/forgotPass', { phoneNumber: u.phone });
    expect(res.status).toBe(200);
    expect(jsonTypes(res.body)).toEqual({ message: 'string', isSMSSent: 'boolean' });
    expect((res.body as { isSMSSent: boolean }).isSMSSent).toBe(true);
    const temp = await textedTemp(u.phone);
    expect(JSON.stringify(res.body)).not.toContain(temp);
    const current = await s
      .client()
      .post('/api/login', { username: 'Divya Nair', password: PASSWORD, user_id: u.userId });
    expect(current.status).toBe(200);
  });

  it('the temporary password logs in once, then never again', async () => {
    const u = await signUp(s.client(), 'Arjun Mehta');
    await s.client().post('/api/forgotPass', { phoneNumber: Number(u.phone) });
    const temp = await textedTemp(u.phone);
    const body = { username: 'Arjun Mehta', password: temp, user_id: u.userId };
    const c = s.client();
    expect((await c.post('/api/login', body)).status).toBe(200);
    expect((await c.get('/api/profile-data')).status).toBe(200);
    expect((await s.client().post('/api/login', body)).status).toBe(401);
  });

  it('right after a temporary-password log-in, change-password takes it as the old password', async () => {
    const u = await signUp(s.client(), 'Recovering User');
    await s.client().post('/api/forgotPass', { phoneNumber: u.phone });
    const temp = await textedTemp(u.phone);
    const c = s.client();
    await c.post('/api/login', { username: 'Recovering User', password: temp, user_id: u.userId });
    const change = {
      oldPassword: temp,
      newPassword: 'recovered secret 99',
      confirmNewPassword: 'recovered secret 99',
    };
    expect((await c.post('/api/change-password', change)).body).toEqual({
      message: 'Password updated',
    });
    const login = await s.client().post('/api/login', {
      username: 'Recovering User',
      password: 'recovered secret 99',
      user_id: u.userId,
    });
    expect(login.status).toBe(200);
    // Later, a temp-shaped old password is just a wrong password.
    s.advance(6 * 60_000);
    const late = await c.post('/api/change-password', {
      ...change,
      newPassword: 'x y z 12345',
      confirmNewPassword: 'x y z 12345',
    });
    expect([late.status, late.body]).toEqual([403, { error: 'Incorrect old password' }]);
  });

  it('the temporary password expires after 15 minutes', async () => {
    const u = await signUp(s.client(), 'Farah Khan');
    await s.client().post('/api/forgotPass', { phoneNumber: u.phone });
    const temp = await textedTemp(u.phone);
    s.advance(15 * 60_000 + 1000);
    const res = await s
      .client()
      .post('/api/login', { username: 'Farah Khan', password: temp, user_id: u.userId });
    expect(res.status).toBe(401);
  });

  it('answers an unknown number exactly like a known one', async () => {
    const u = await signUp(s.client(), 'Ila Bose');
    const known = await s.client().post('/api/forgotPass', { phoneNumber: u.phone });
    const unknown = await s.client().post('/api/forgotPass', { phoneNumber: nextPhone() });
    expect([unknown.status, unknown.body]).toEqual([known.status, known.body]);
  });

  it('refuses a number that is not 10 digits: 400 Invalid phone number', async () => {
    for (const phoneNumber of ['12345', '', { $ne: null }]) {
      const res = await s.client().post('/api/forgotPass', { phoneNumber });
      expect([res.status, res.body]).toEqual([
        400,
        { error: 'Invalid phone number', isSMSSent: false },
      ]);
    }
  });
});

describe('legacy auth with the SMS service down and tight rate limits', () => {
  let down: LegacyServer;
  beforeAll(async () => {
    down = await startLegacyServer(
      { RATE_SIGNUPS_PER_IP: '3', RATE_RESET_PER_PHONE: '2', RATE_LOGIN_FAILS_PER_ACCOUNT_IP: '2' },
      () => ({
        transport: 'twilio',
        send: async () => {
          throw new SmsError('Twilio answered 500', true, 500);
        },
      }),
    );
  });
  afterAll(() => down.close());

  it('difference 6: forgotPass answers 503 SMS service unavailable when no SMS can be sent', async () => {
    const u = await signUp(down.client(), 'Zoya Ali');
    const res = await down.client().post('/api/forgotPass', { phoneNumber: u.phone });
    expect([res.status, res.body]).toEqual([
      503,
      { error: 'SMS service unavailable', isSMSSent: false },
    ]);
  });

  it('difference 7: sign-up, login and forgotPass answer 429 Too many requests', async () => {
    const c = down.client();
    let signUpRes = await c.post('/api/signup', signUpBody());
    for (let i = 0; i < 5 && signUpRes.status !== 429; i++) {
      signUpRes = await c.post('/api/signup', signUpBody());
    }
    expect([signUpRes.status, signUpRes.body]).toEqual([
      429,
      { error: 'Too many requests', signUp: false },
    ]);

    // Sign-ups are spent by now: failed log-ins are counted per typed account number too.
    const bad = { username: 'Rate Limited', password: 'wrong password 1', user_id: 4321 };
    let login = await c.post('/api/login', bad);
    for (let i = 0; i < 5 && login.status !== 429; i++) login = await c.post('/api/login', bad);
    expect([login.status, login.body]).toEqual([
      429,
      { error: 'Too many requests', loggedIn: false },
    ]);

    const phone = nextPhone();
    let forgot = await c.post('/api/forgotPass', { phoneNumber: phone });
    for (let i = 0; i < 5 && forgot.status !== 429; i++) {
      forgot = await c.post('/api/forgotPass', { phoneNumber: phone });
    }
    expect([forgot.status, forgot.body]).toEqual([
      429,
      { error: 'Too many requests', isSMSSent: false },
    ]);
  });
});
