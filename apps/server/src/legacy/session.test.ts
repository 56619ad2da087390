import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LegacyClient,
  type LegacyServer,
  nextPhone,
  ORIGIN,
  PASSWORD,
  type Reply,
  startLegacyServer,
} from './test-helpers.ts';

/**
 * A legacy static front end on http://127.0.0.1:5500 calling the server on another
 * port with `credentials: "include"`, as a browser does it: a preflight before each
 * JSON call, then the call with the page's cookies; every answer must carry CORS.
 */
class Browser {
  constructor(readonly page: LegacyClient) {}

  async call(method: string, path: string, body?: unknown): Promise<Reply> {
    // GET without a body is a simple request: browsers send no preflight for it.
    if (method !== 'GET') {
      const pre = await this.page.preflight(method, path);
      expect(pre.status, `preflight ${method} ${path}`).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(pre.headers.get('access-control-allow-credentials')).toBe('true');
      expect(pre.headers.get('access-control-allow-methods')?.split(/,\s*/)).toContain(method);
      expect(pre.headers.get('access-control-allow-headers')).toMatch(/content-type/i);
    }
    const res = await this.page.call(method, path, body);
    expect(res.headers.get('access-control-allow-origin'), `${method} ${path}`).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    return res;
  }
}

let s: LegacyServer;
beforeAll(async () => {
  s = await startLegacyServer();
});
afterAll(() => s.close());

describe('a whole legacy session over HTTP from another origin', () => {
  it('signs up, logs in, pays, saves, manages contacts, reads history and recovers a password', async () => {
    const asha = new Browser(s.client());
    const ravi = new Browser(s.client());
    const ashaPhone = nextPhone();
    const signUp = (b: Browser, username: string, phoneNumber: string) =>
      b.call('POST', '/api/signup', {
        username,
        password: PASSWORD,
        age: '29',
        gender: 'Female',
        phoneNumber,
      });
    const a = (await signUp(asha, 'Asha Rao', ashaPhone)).body as { user_id: number };
    const r = (await signUp(ravi, 'Ravi Kumar', nextPhone())).body as { user_id: number };
    expect(r.user_id).toBe(a.user_id + 1);

    // A fresh page logs in (the sign-up page's cookies are not reused).
    const page = new Browser(s.client());
    const login = await page.call('POST', '/api/login', {
      username: 'Asha Rao',
      password: PASSWORD,
      user_id: a.user_id,
    });
    expect(login.body).toEqual({ message: 'Welcome back, Asha Rao!', loggedIn: true });
    expect((await page.call('GET', '/api/profile-data')).body).toMatchObject({
      user_id: a.user_id,
      balance: 0,
    });

    const pay = (body: Record<string, unknown>) =>
      page.call('POST', '/api/process-payment', { password: PASSWORD, ...body });
    expect((await pay({ transaction_type: 'deposit', amount: '1000.50' })).body).toMatchObject({
      new_balance: 1000.5,
    });
    expect((await pay({ transaction_type: 'withdraw', amount: 100.1 })).body).toMatchObject({
      new_balance: 900.4,
    });
    const sent = await pay({
      transaction_type: 'bank_transfer',
      amount: '250.25',
      recipient_account: String(r.user_id),
      note: 'rent',
    });
    expect(sent.body).toEqual({ message: 'Transaction successful!', new_balance: 650.15 });
    expect(
      ((await ravi.call('GET', '/api/profile-data')).body as { balance: number }).balance,
    ).toBe(250.25);

    const goal = (
      await page.call('POST', '/api/savings', {
        itemName: 'Laptop',
        targetAmount: '800',
        colorCode: '#3366ff',
        description: 'new one',
      })
    ).body as { saving_id: string };
    expect(
      (await pay({ transaction_type: 'saving_deposit', amount: 150.05, saving_id: goal.saving_id }))
        .body,
    ).toMatchObject({ new_balance: 500.1 });
    expect((await page.call('GET', '/api/savings')).body).toMatchObject([
      { saving_id: goal.saving_id, saved_amount: 150.05 },
    ]);
    const del = await page.call('POST', '/api/savingsDelete', {
      savingsId: goal.saving_id.split('_')[1],
    });
    expect(del.body).toEqual({ message: 'Deleted. Refunded: 150.05' });

    const added = await page.call('POST', '/api/people', {
      contactName: 'Ravi',
      contactAccount: String(r.user_id),
      contactRelation: 'Friend',
    });
    expect(added.status).toBe(201);
    const [listed] = (await page.call('GET', '/api/people')).body as { people_id: string }[];
    const pid = listed?.people_id ?? '';
    const updated = await page.call('PUT', `/api/people/${pid}`, {
      contactName: 'Ravi K',
      contactRelation: 'Colleague',
    });
    expect(updated.body).toMatchObject({ people_id: pid, name: 'Ravi K', relation: 'Colleague' });
    expect((await page.call('DELETE', `/api/people/${pid}`)).body).toEqual({ message: 'Deleted' });
    expect((await page.call('GET', '/api/people')).body).toEqual([]);

    const dash = (await page.call('GET', '/api/dashboard-data')).body as Record<string, unknown> & {
      all_transactions: unknown[];
    };
    expect(dash).toMatchObject({
      total_balance: 650.15,
      monthly_income: 1150.55,
      monthly_outcome: -500.4,
      userAccountNumber: String(a.user_id),
    });
    expect(dash.all_transactions).toHaveLength(5);
    const page2 = (await page.call('GET', '/api/transactions-data')).body;
    expect(page2).toMatchObject({
      total_balance: 650.15,
      total_savings: 0,
      total_income: 1150.55,
      total_outcome: -500.4,
    });

    const changed = await page.call('POST', '/api/change-password', {
      oldPassword: PASSWORD,
      newPassword: 'my new secret 2026',
      confirmNewPassword: 'my new secret 2026',
    });
    expect(changed.body).toEqual({ message: 'Password updated' });
    const again = new Browser(s.client());
    const relog = await again.call('POST', '/api/login', {
      username: 'Asha Rao',
      password: 'my new secret 2026',
      user_id: a.user_id,
    });
    expect(relog.status).toBe(200);

    const forgot = await new Browser(s.client()).call('POST', '/api/forgotPass', {
      phoneNumber: ashaPhone,
    });
    expect(forgot.body).toMatchObject({ isSMSSent: true });
    const [sms] = await s.store.listSms({ to: `+91${ashaPhone}` });
    const temp = /@0[A-Za-z0-9]{6}/.exec(sms?.body ?? '')?.[0] ?? '';
    const recovered = new Browser(s.client());
    const tempLogin = await recovered.call('POST', '/api/login', {
      username: 'Asha Rao',
      password: temp,
      user_id: a.user_id,
    });
    expect(tempLogin.body).toEqual({ message: 'Welcome back, Asha Rao!', loggedIn: true });
    expect((await recovered.call('GET', '/api/profile-data')).body).toMatchObject({
      balance: 650.15,
    });
  });

  it('difference 2: many small deposits and transfers give exact figures in every answer', async () => {
    const payer = s.client();
    const payee = s.client();
    const su = (c: LegacyClient, username: string) =>
      c.post('/api/signup', {
        username,
        password: PASSWORD,
        age: 40,
        gender: 'Male',
        phoneNumber: nextPhone(),
      });
    await su(payer, 'Penny Payer');
    const to = ((await su(payee, 'Cent Keeper')).body as { user_id: number }).user_id;
    let mine = 0;
    let theirs = 0;
    let income = 0;
    let outcome = 0;
    const cents = [10, 20, 30, 10, 20, 70, 1, 2, 3, 99];
    for (let round = 0; round < 3; round++) {
      for (const c of cents) {
        const dep = await payer.post('/api/process-payment', {
          password: PASSWORD,
          transaction_type: 'deposit',
          amount: c / 100,
        });
        mine += c;
        income += c;
        expect((dep.body as { new_balance: number }).new_balance).toBe(
          Number((mine / 100).toFixed(2)),
        );
        const out = Math.max(1, Math.floor(c / 2));
        const tr = await payer.post('/api/process-payment', {
          password: PASSWORD,
          transaction_type: 'bank_transfer',
          amount: (out / 100).toFixed(2),
          recipient_account: to,
        });
        mine -= out;
        theirs += out;
        outcome -= out;
        expect((tr.body as { new_balance: number }).new_balance).toBe(
          Number((mine / 100).toFixed(2)),
        );
      }
    }
    const major = (minor: number) => Number((minor / 100).toFixed(2));
    expect(((await payer.get('/api/profile-data')).body as { balance: number }).balance).toBe(
      major(mine),
    );
    expect(((await payee.get('/api/profile-data')).body as { balance: number }).balance).toBe(
      major(theirs),
    );
    expect((await payer.get('/api/dashboard-data')).body).toMatchObject({
      total_balance: major(mine),
      monthly_income: major(income),
      monthly_outcome: major(outcome),
    });
    const tx = (await payer.get('/api/transactions-data')).body as {
      transactions: { amount: number }[];
    };
    expect(tx).toMatchObject({
      total_balance: major(mine),
      total_income: major(income),
      total_outcome: major(outcome),
    });
    for (const t of tx.transactions) expect(String(t.amount)).toMatch(/^-?\d+(\.\d{1,2})?$/);
    expect((await payee.get('/api/transactions-data')).body).toMatchObject({
      total_income: major(theirs),
    });
    // 0.1 + 0.2 in floats is 0.30000000000000004; the ledger says 0.3.
    expect(major(30)).toBe(0.3);
    expect((await s.store.verifyLedger()).ok).toBe(true);
  });
});

describe('difference 9 in production: Secure cookies and only configured origins', () => {
  let prod: LegacyServer;
  beforeAll(async () => {
    prod = await startLegacyServer({ NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40) });
  });
  afterAll(() => prod.close());

  it('sets Secure, httpOnly, SameSite=Lax, expiring cookies', async () => {
    const c = prod.client();
    const res = await c.post('/api/signup', {
      username: 'Prod User',
      password: PASSWORD,
      age: 30,
      gender: 'Other',
      phoneNumber: nextPhone(),
    });
    expect(res.status).toBe(201);
    expect(c.lastSetCookie.length).toBeGreaterThanOrEqual(1);
    for (const line of c.lastSetCookie) {
      expect(line).toMatch(/; Secure/i);
      expect(line).toMatch(/; HttpOnly/i);
      expect(line).toMatch(/; SameSite=Lax/i);
      expect(line).toMatch(/; Max-Age=\d+/i);
    }
  });

  it('answers CORS for the configured origin only, not for other or localhost origins', async () => {
    const ok = await new LegacyClient(prod.url, ORIGIN).preflight('POST', '/api/login');
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    for (const origin of ['http://evil.example', 'http://localhost:3000']) {
      const c = new LegacyClient(prod.url, origin);
      expect(
        (await c.preflight('POST', '/api/login')).headers.get('access-control-allow-origin'),
      ).toBeNull();
      expect(
        (await c.get('/api/profile-data')).headers.get('access-control-allow-origin'),
      ).toBeNull();
    }
  });

  it('in development any localhost or 127.0.0.1 page is allowed', async () => {
    for (const origin of ['http://localhost:8080', 'http://127.0.0.1:3000']) {
      const res = await new LegacyClient(s.url, origin).preflight('PUT', '/api/people/pid_x');
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    }
    const evil = await new LegacyClient(s.url, 'http://evil.example').preflight(
      'POST',
      '/api/login',
    );
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});
