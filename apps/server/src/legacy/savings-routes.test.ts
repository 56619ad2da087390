import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  jsonTypes,
  type LegacyClient,
  type LegacyServer,
  PASSWORD,
  signUp,
  startLegacyServer,
} from './test-helpers.ts';

let s: LegacyServer;
beforeAll(async () => {
  s = await startLegacyServer();
});
afterAll(() => s.close());

const GOAL_TYPES = {
  user_id: 'number',
  saving_id: 'string',
  name: 'string',
  target_amount: 'number',
  saved_amount: 'number',
  color_code: 'string',
  description: 'string',
  created_at: 'string',
};

async function user(name = 'Saver') {
  const c = s.client();
  return { c, ...(await signUp(c, name)) };
}

const goal = (c: LegacyClient, itemName: string, targetAmount: unknown = '1500.75') =>
  c.post('/api/savings', { itemName, targetAmount, colorCode: '#ff8800', description: 'for fun' });

describe('GET and POST /api/savings', () => {
  it('creates a goal: 201 with every legacy field and its type', async () => {
    const u = await user();
    const res = await goal(u.c, 'Holiday');
    expect(res.status).toBe(201);
    expect(jsonTypes(res.body)).toEqual(GOAL_TYPES);
    expect(res.body).toMatchObject({
      user_id: u.userId,
      name: 'Holiday',
      target_amount: 1500.75,
      saved_amount: 0,
      color_code: '#ff8800',
      description: 'for fun',
      created_at: '2026-11-24',
    });
    const id = (res.body as { saving_id: string }).saving_id;
    expect(id).toMatch(/^sid_[A-Za-z0-9]+$/);
  });

  it('lists goals newest first with stable ids that the next call resolves', async () => {
    const u = await user();
    await goal(u.c, 'First');
    s.advance(1000);
    await goal(u.c, 'Second');
    const list = await u.c.get('/api/savings');
    expect(list.status).toBe(200);
    const goals = list.body as { name: string; saving_id: string }[];
    expect(goals.map((g) => g.name)).toEqual(['Second', 'First']);
    for (const g of goals) expect(jsonTypes(g)).toEqual(GOAL_TYPES);
    expect((await u.c.get('/api/savings')).body).toEqual(goals);
    const [second] = goals;
    const del = await u.c.post('/api/savingsDelete', { savingsId: second?.saving_id.slice(4) });
    expect(del.status).toBe(200);
  });

  it('refuses a bad target amount: 400 Invalid target amount', async () => {
    const u = await user();
    for (const amount of [-5, 0, 'abc', '1.001', null, { $gt: 1 }]) {
      const res = await goal(u.c, 'Bad', amount);
      expect([res.status, res.body]).toEqual([400, { error: 'Invalid target amount' }]);
    }
  });

  it('needs a session: 401 for the listing and for creation', async () => {
    const c = s.client();
    expect((await c.get('/api/savings')).body).toEqual({ error: 'User not logged in' });
    expect((await goal(c, 'x')).status).toBe(401);
  });
});

describe('POST /api/savingsDelete', () => {
  it('deletes a goal and refunds its saved amount to the balance', async () => {
    const u = await user();
    await u.c.post('/api/process-payment', {
      transaction_type: 'deposit',
      amount: 100,
      password: PASSWORD,
    });
    const created = (await goal(u.c, 'Phone')).body as { saving_id: string };
    await u.c.post('/api/process-payment', {
      transaction_type: 'saving_deposit',
      amount: '40.10',
      saving_id: created.saving_id,
      password: PASSWORD,
    });
    const res = await u.c.post('/api/savingsDelete', { savingsId: created.saving_id.slice(4) });
    expect([res.status, res.body]).toEqual([200, { message: 'Deleted. Refunded: 40.1' }]);
    expect(((await u.c.get('/api/profile-data')).body as { balance: number }).balance).toBe(100);
    expect((await u.c.get('/api/savings')).body).toEqual([]);
    const txs = (
      (await u.c.get('/api/transactions-data')).body as {
        transactions: { name: string; type: string; description: string; amount: number }[];
      }
    ).transactions;
    expect(txs.at(-1)).toMatchObject({
      name: "Refund from 'Phone'",
      type: 'Refund',
      description: 'Saving goal deleted.',
      amount: 40.1,
    });
  });

  it("answers 404 Saving not found for an unknown, deleted or another user's goal", async () => {
    const owner = await user('Owner');
    const other = await user('Other');
    const id = ((await goal(owner.c, 'Mine')).body as { saving_id: string }).saving_id.slice(4);
    for (const savingsId of ['nosuchgoal', '', 'sid_', { $ne: null }]) {
      const res = await owner.c.post('/api/savingsDelete', { savingsId });
      expect([res.status, res.body]).toEqual([404, { error: 'Saving not found' }]);
    }
    const stranger = await other.c.post('/api/savingsDelete', { savingsId: id });
    expect([stranger.status, stranger.body]).toEqual([404, { error: 'Saving not found' }]);
    expect((await owner.c.post('/api/savingsDelete', { savingsId: id })).status).toBe(200);
    const again = await owner.c.post('/api/savingsDelete', { savingsId: id });
    expect([again.status, again.body]).toEqual([404, { error: 'Saving not found' }]);
  });

  it('long after log-in it never answers Invalid password (it has none); logging in again lets it through', async () => {
    const u = await user('Late Deleter');
    const id = ((await goal(u.c, 'Later')).body as { saving_id: string }).saving_id.slice(4);
    s.advance(6 * 60_000);
    const late = await u.c.post('/api/savingsDelete', { savingsId: id });
    if (late.status !== 200) {
      expect([late.status, late.body]).toEqual([401, { error: 'User not logged in' }]);
      const login = await u.c.post('/api/login', {
        username: 'Late Deleter',
        password: PASSWORD,
        user_id: u.userId,
      });
      expect(login.status).toBe(200);
      const res = await u.c.post('/api/savingsDelete', { savingsId: id });
      expect([res.status, res.body]).toEqual([200, { message: 'Deleted. Refunded: 0' }]);
    }
  });

  it('needs a session', async () => {
    const res = await s.client().post('/api/savingsDelete', { savingsId: 'abc' });
    expect([res.status, res.body]).toEqual([401, { error: 'User not logged in' }]);
  });
});
