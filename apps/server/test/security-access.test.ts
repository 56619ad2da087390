import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieJarFetch, startServer, type TestServer } from './helpers.ts';
import { trpcFetch } from './security-helpers.ts';

/**
 * Cross-user probes over real HTTP: user B, logged in, aims every call that takes an
 * id at user A's transfers, goals and contacts (typed API and legacy /api), and
 * nothing of A's is revealed or changed.
 */

const PASSWORD = 'correct horse 42';
const s: TestServer = await startServer({ RATE_SIGNUPS_PER_IP: '1000' });
afterAll(() => s.close());

let seq = 0;
const phone = () => `92${String(10_000_000 + ++seq).slice(-8)}`;
const key = () => randomUUID();

interface Rpc {
  status: number;
  data: unknown;
  error: { message: string; data: { code: string; domainCode: string | null } } | undefined;
}

/** A logged-in user: typed calls with a bearer token, legacy calls with its cookie jar. */
class Member {
  token = '';
  accountNumber = 0;
  readonly jar = cookieJarFetch();

  async signUp(fullName: string): Promise<this> {
    const r = await this.rpc('auth.signUp', { fullName, phone: phone(), password: PASSWORD });
    const d = r.data as { accessToken: string; user: { accountNumber: number } };
    this.token = d.accessToken;
    this.accountNumber = d.user.accountNumber;
    return this;
  }

  async rpc(path: string, input?: unknown, method: 'GET' | 'POST' = 'POST'): Promise<Rpc> {
    const res = await trpcFetch(this.jar.fetch, s.url, path, this.token, input, method);
    const json = (await res.json()) as { result?: { data: unknown }; error?: Rpc['error'] };
    return { status: res.status, data: json.result?.data, error: json.error };
  }

  /** A legacy call with the cookies only (no bearer), as the old front end makes it. */
  async legacy(method: string, path: string, body?: unknown) {
    const res = await this.jar.fetch(`${s.url}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  }

  async state() {
    const dash = (await this.rpc('account.dashboard', undefined, 'GET')).data as {
      balance: number;
    };
    const goals = (await this.rpc('savings.list', { includeClosed: true }, 'GET')).data;
    const contacts = (await this.rpc('contacts.list', undefined, 'GET')).data;
    const history = (await this.rpc('transactions.list', { limit: 100 }, 'GET')).data;
    return { balance: dash.balance, goals, contacts, history };
  }
}

const a = new Member();
const b = new Member();
const c = new Member();
let aTransferId = '';
let aGoalId = '';
let aContactId = '';
let aKey = '';

beforeAll(async () => {
  await a.signUp('Asha Rao');
  await b.signUp('Ravi Kumar');
  await c.signUp('Meera Iyer');
  aKey = key();
  const dep = await a.rpc('payments.deposit', { amount: 50_000, idempotencyKey: aKey });
  aTransferId = (dep.data as { transfer: { id: string } }).transfer.id;
  const goal = await a.rpc('savings.create', { name: 'Bike', targetAmount: 100_000 });
  aGoalId = (goal.data as { id: string }).id;
  await a.rpc('savings.deposit', { goalId: aGoalId, amount: 10_000, idempotencyKey: key() });
  const contact = await a.rpc('contacts.add', {
    accountNumber: c.accountNumber,
    nickname: 'Meera',
  });
  aContactId = (contact.data as { id: string }).id;
  await b.rpc('payments.deposit', { amount: 20_000, idempotencyKey: key() });
});

describe("user B and user A's things (typed API)", { timeout: 30_000 }, () => {
  it("cannot read A's transfer, and never sees it in a listing", async () => {
    const r = await b.rpc('transactions.get', { id: aTransferId }, 'GET');
    expect(r.status).toBe(404);
    expect(r.error?.data.domainCode).toBe('TRANSFER_NOT_FOUND');
    expect(r.data).toBeUndefined();
    const list = (await b.rpc('transactions.list', { limit: 100 }, 'GET')).data as {
      items: { id: string }[];
    };
    expect(list.items.map((i) => i.id)).not.toContain(aTransferId);
  });

  it("cannot update, fund, drain or close A's goal; every answer is GOAL_NOT_FOUND", async () => {
    const before = { a: await a.state(), b: await b.state() };
    const calls: [string, unknown][] = [
      ['savings.update', { goalId: aGoalId, name: 'Mine now', targetAmount: 1 }],
      ['savings.deposit', { goalId: aGoalId, amount: 1_000, idempotencyKey: key() }],
      ['savings.withdraw', { goalId: aGoalId, amount: 1_000, idempotencyKey: key() }],
      ['savings.close', { goalId: aGoalId, idempotencyKey: key() }],
    ];
    for (const [path, input] of calls) {
      const r = await b.rpc(path, input);
      expect(r.status, path).toBe(404);
      expect(r.error?.data.domainCode, path).toBe('GOAL_NOT_FOUND');
    }
    expect(await a.state()).toEqual(before.a);
    expect(await b.state()).toEqual(before.b);
  });

  it("cannot rename or remove A's contact; every answer is CONTACT_NOT_FOUND", async () => {
    const before = await a.state();
    const upd = await b.rpc('contacts.update', { contactId: aContactId, nickname: 'Hijacked' });
    const rem = await b.rpc('contacts.remove', { contactId: aContactId });
    for (const r of [upd, rem]) {
      expect(r.status).toBe(404);
      expect(r.error?.data.domainCode).toBe('CONTACT_NOT_FOUND');
    }
    expect(await a.state()).toEqual(before);
  });

  it("reusing A's idempotency key replays nothing of A's: B gets its own transfer", async () => {
    const r = await b.rpc('payments.deposit', { amount: 50_000, idempotencyKey: aKey });
    expect(r.status).toBe(200);
    const d = r.data as { transfer: { id: string }; replayed: boolean };
    expect(d.transfer.id).not.toBe(aTransferId);
    expect(d.replayed).toBe(false);
    // The same key with another amount is B's own conflict, never A's data.
    const other = await b.rpc('payments.deposit', { amount: 7, idempotencyKey: aKey });
    expect(other.status).toBe(409);
    expect(JSON.stringify(other)).not.toContain(aTransferId);
  });

  it('cannot pay from anyone but itself: there is no input naming the source account', async () => {
    const before = await a.state();
    for (const extra of [
      { fromAccountNumber: a.accountNumber },
      { userId: 'x', initiatorId: 'x', debit: 'x' },
    ]) {
      const r = await b.rpc('payments.transfer', {
        toAccountNumber: c.accountNumber,
        amount: 1,
        idempotencyKey: key(),
        ...extra,
      });
      // Unknown keys are stripped: the money, if it moves, is B's own.
      if (r.status === 200) {
        expect((r.data as { transfer: { amount: number } }).transfer.amount).toBe(-1);
      } else {
        expect(r.status).toBe(400);
      }
    }
    expect((await a.state()).balance).toBe(before.balance);
  });
});

describe("user B and user A's things (legacy /api with B's cookie)", { timeout: 30_000 }, () => {
  it("PUT and DELETE /api/people/pid_<A's contact> are 404 and change nothing", async () => {
    const before = await a.state();
    const put = await b.legacy('PUT', `/api/people/pid_${aContactId}`, {
      contactName: 'Hijacked',
      contactRelation: 'x',
    });
    const del = await b.legacy('DELETE', `/api/people/pid_${aContactId}`);
    expect(put).toEqual({ status: 404, body: { error: 'Not found' } });
    expect(del).toEqual({ status: 404, body: { error: 'Not found' } });
    expect(await a.state()).toEqual(before);
  });

  it("saving_deposit into A's sid_ and savingsDelete of A's goal are 404 and change nothing", async () => {
    const before = { a: await a.state(), b: await b.state() };
    const pay = await b.legacy('POST', '/api/process-payment', {
      transaction_type: 'saving_deposit',
      amount: 10,
      password: PASSWORD,
      saving_id: `sid_${aGoalId}`,
    });
    expect(pay).toEqual({ status: 404, body: { error: 'Saving goal not found' } });
    const del = await b.legacy('POST', '/api/savingsDelete', { savingsId: aGoalId });
    expect(del).toEqual({ status: 404, body: { error: 'Saving not found' } });
    expect(await a.state()).toEqual(before.a);
    expect(await b.state()).toEqual(before.b);
  });

  it("B's legacy listings show none of A's goals, contacts or transfers", async () => {
    const savings = JSON.stringify((await b.legacy('GET', '/api/savings')).body);
    const people = JSON.stringify((await b.legacy('GET', '/api/people')).body);
    const dash = JSON.stringify((await b.legacy('GET', '/api/dashboard-data')).body);
    for (const text of [savings, people, dash]) {
      expect(text).not.toContain(aGoalId);
      expect(text).not.toContain(aContactId);
      expect(text).not.toContain(aTransferId);
    }
  });
});
