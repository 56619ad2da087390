import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOIN_MS } from './renewal.ts';
import { type LegacyServer, ORIGIN, signUp, startLegacyServer } from './test-helpers.ts';

/** Issue 11 item 7: a rotated legacy refresh cookie is refused at once. */
let s: LegacyServer;
beforeAll(async () => {
  s = await startLegacyServer();
});
afterAll(() => s.close());

const cookieOf = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/** A request carrying a copied cookie header, optionally as another browser (User-Agent). */
async function replay(path: string, cookie: string, ua?: string, body?: unknown) {
  const res = await fetch(`${s.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      origin: ORIGIN,
      cookie,
      ...(ua ? { 'user-agent': ua } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('legacy refresh cookie rotation', () => {
  it('a thief replaying the rotated cookie right after a renewal reads nothing and adds nothing', async () => {
    const owner = s.client();
    await signUp(owner, 'Asha Rao');
    const payee = s.client();
    const { userId: payeeNumber } = await signUp(payee, 'Ravi Kumar');
    s.advance(16 * 60_000); // the access token has expired
    const stolen = cookieOf(owner.jar);
    expect((await owner.get('/api/profile-data')).status).toBe(200); // renewed and rotated

    // Another browser with the old cookie: a reuse, refused, and the family ends.
    const other = await replay('/api/profile-data', stolen, 'Thief/1.0');
    expect(other).toEqual({ status: 401, body: { error: 'User not logged in' } });
    const add = await replay('/api/people', stolen, 'Thief/1.0', {
      accountNumber: payeeNumber,
      nickname: 'Mule',
      relation: 'Friend',
    });
    expect(add.status).toBe(401);
    expect((await owner.get('/api/people')).status).toBe(401);
  });

  it('the same browser cannot write with the rotated cookie, nor read once the join window is over', async () => {
    const owner = s.client();
    await signUp(owner, 'Asha Rao');
    const payee = s.client();
    const { userId: payeeNumber } = await signUp(payee, 'Ravi Kumar');
    s.advance(16 * 60_000);
    const old = cookieOf(owner.jar);
    expect((await owner.get('/api/profile-data')).status).toBe(200);
    // Same address and User-Agent right after the renewal: a write is never joined.
    const add = await replay('/api/people', old, undefined, {
      accountNumber: payeeNumber,
      nickname: 'Mule',
      relation: 'Friend',
    });
    expect(add).toEqual({ status: 401, body: { error: 'User not logged in' } });
    // A read after the join window is refused too; neither ends the owner's session.
    await new Promise((r) => setTimeout(r, JOIN_MS + 200));
    const late = await replay('/api/profile-data', old);
    expect(late).toEqual({ status: 401, body: { error: 'User not logged in' } });
    const people = await owner.get('/api/people');
    expect(people.status).toBe(200);
    expect(JSON.stringify(people.body)).not.toContain('Mule');
  });
});
