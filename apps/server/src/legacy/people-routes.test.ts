import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  jsonTypes,
  type LegacyClient,
  type LegacyServer,
  signUp,
  startLegacyServer,
} from './test-helpers.ts';

let s: LegacyServer;
beforeAll(async () => {
  s = await startLegacyServer();
});
afterAll(() => s.close());

const CONTACT_TYPES = {
  user_id: 'number',
  people_id: 'string',
  name: 'string',
  phone: 'string',
  account_id: 'number',
  relation: 'string',
  full_account_number: 'string',
};

async function user(name: string) {
  const c = s.client();
  return { c, ...(await signUp(c, name)) };
}

const add = (c: LegacyClient, contactAccount: unknown, contactName = 'Bro') =>
  c.post('/api/people', { contactName, contactAccount, contactRelation: 'Brother' });

describe('GET and POST /api/people', () => {
  it('adds a contact: 201 with every legacy field and its type', async () => {
    const me = await user('Contact Owner');
    const payee = await user('Contact Payee');
    const res = await add(me.c, String(payee.userId));
    expect(res.status).toBe(201);
    expect(jsonTypes(res.body)).toEqual(CONTACT_TYPES);
    expect(res.body).toMatchObject({
      user_id: me.userId,
      name: 'Bro',
      account_id: payee.userId,
      relation: 'Brother',
      full_account_number: `3594 1899 3455 ${payee.userId}`,
    });
    expect((res.body as { people_id: string }).people_id).toMatch(/^pid_[A-Za-z0-9]+$/);
  });

  it('lists contacts newest first; the listed people_id works in the next call', async () => {
    const me = await user('Lister');
    const p1 = await user('Payee A');
    const p2 = await user('Payee B');
    await add(me.c, p1.userId, 'A');
    s.advance(1000);
    await add(me.c, p2.userId, 'B');
    const list = await me.c.get('/api/people');
    expect(list.status).toBe(200);
    const people = list.body as { name: string; people_id: string }[];
    expect(people.map((p) => p.name)).toEqual(['B', 'A']);
    for (const p of people) expect(jsonTypes(p)).toEqual(CONTACT_TYPES);
    const res = await me.c.put(`/api/people/${people[1]?.people_id}`, {
      contactName: 'Anna',
      contactRelation: 'Friend',
    });
    expect(res.status).toBe(200);
    expect(jsonTypes(res.body)).toEqual(CONTACT_TYPES);
    expect(res.body).toMatchObject({
      people_id: people[1]?.people_id,
      name: 'Anna',
      relation: 'Friend',
    });
    const del = await me.c.del(`/api/people/${people[0]?.people_id}`);
    expect([del.status, del.body]).toEqual([200, { message: 'Deleted' }]);
    expect(((await me.c.get('/api/people')).body as { name: string }[]).map((p) => p.name)).toEqual(
      ['Anna'],
    );
  });

  it('refuses self (400), an unknown account (404) and a duplicate (409)', async () => {
    const me = await user('Picky');
    const payee = await user('Once Only');
    expect(await add(me.c, me.userId).then((r) => [r.status, r.body])).toEqual([
      400,
      { error: 'Cannot add self' },
    ]);
    expect(await add(me.c, 999_999).then((r) => [r.status, r.body])).toEqual([
      404,
      { error: 'Account not found' },
    ]);
    expect((await add(me.c, payee.userId)).status).toBe(201);
    expect(await add(me.c, payee.userId).then((r) => [r.status, r.body])).toEqual([
      409,
      { error: 'Contact already exists' },
    ]);
  });

  it('difference 8: an operator object as the account is a 400', async () => {
    const me = await user('Typed');
    const res = await add(me.c, { $gt: 0 });
    expect(res.status).toBe(400);
    const payee = await user('Typed Payee');
    const id = ((await add(me.c, payee.userId)).body as { people_id: string }).people_id;
    const put = await me.c.put(`/api/people/${id}`, { contactName: { $set: 'x' } });
    expect(put.status).toBe(400);
    expect((await me.c.get('/api/people')).body).toMatchObject([{ people_id: id, name: 'Bro' }]);
  });

  it('needs a session', async () => {
    const c = s.client();
    expect(await c.get('/api/people').then((r) => [r.status, r.body])).toEqual([
      401,
      { error: 'User not logged in' },
    ]);
    expect((await add(c, 1000)).status).toBe(401);
  });
});

describe('PUT and DELETE /api/people/:people_id (difference 4)', () => {
  it('need a session', async () => {
    const me = await user('Session Needed');
    const payee = await user('Some Payee');
    const id = ((await add(me.c, payee.userId)).body as { people_id: string }).people_id;
    const anon = s.client();
    expect(
      await anon.put(`/api/people/${id}`, { contactName: 'X' }).then((r) => [r.status, r.body]),
    ).toEqual([401, { error: 'User not logged in' }]);
    expect((await anon.del(`/api/people/${id}`)).status).toBe(401);
    expect(((await me.c.get('/api/people')).body as { name: string }[])[0]?.name).toBe('Bro');
  });

  it("touch only the caller's contacts: another user's id is 404 Not found and stays unchanged", async () => {
    const me = await user('Victim');
    const payee = await user('Victim Payee');
    const attacker = await user('Attacker');
    const id = ((await add(me.c, payee.userId)).body as { people_id: string }).people_id;
    const put = await attacker.c.put(`/api/people/${id}`, {
      contactName: 'Pwned',
      contactRelation: '',
    });
    expect([put.status, put.body]).toEqual([404, { error: 'Not found' }]);
    const del = await attacker.c.del(`/api/people/${id}`);
    expect([del.status, del.body]).toEqual([404, { error: 'Not found' }]);
    expect((await me.c.get('/api/people')).body).toMatchObject([{ people_id: id, name: 'Bro' }]);
  });

  it('answer 404 Not found for an unknown or malformed id', async () => {
    const me = await user('Unknowns');
    for (const id of ['pid_nosuch', 'pid_', 'pid_a_b', 'xyz']) {
      expect((await me.c.put(`/api/people/${id}`, { contactName: 'X' })).status).toBe(404);
      expect(await me.c.del(`/api/people/${id}`).then((r) => [r.status, r.body])).toEqual([
        404,
        { error: 'Not found' },
      ]);
    }
  });
});
