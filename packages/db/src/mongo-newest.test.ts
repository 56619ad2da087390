import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { key, m, newUserInput } from './contract/helpers.ts';
import { openMongoStore } from './mongo/index.ts';
import type { Store } from './store.ts';
import type { User } from './types.ts';

/**
 * "Newest first" lists across two server processes whose clocks differ (a real replica
 * set: CI's `mongo` job, or `docker compose up -d mongo`). The first process runs an
 * hour ahead; what the second creates afterwards must still list first (newest.ts).
 */
const uri = process.env.MONGODB_URI;

if (!uri) {
  console.log(
    'MongoDB newest-first test SKIPPED: MONGODB_URI is not set (see README: docker compose)',
  );
}

const DAY = 86_400_000;

const login = (store: Store, user: User, hash: string) =>
  store.createSession({
    userId: user.id,
    credentialVersion: user.credentialVersion,
    refreshHash: hash,
    expiresAt: new Date(Date.now() + DAY),
    absoluteExpiresAt: new Date(Date.now() + 30 * DAY),
    authTime: new Date(),
  });

const ask = (store: Store, from: User, to: User) =>
  store.createRequest({
    requesterId: from.id,
    payerId: to.id,
    amount: m(100),
    note: '',
    ttlMs: 7 * DAY,
    idempotencyKey: key(),
  });

describe.skipIf(!uri)('mongo newest-first lists do not depend on process clocks', () => {
  it('what a process with a slower clock creates later still lists first', async () => {
    const at = uri ?? '';
    const dbName = `quickpay_test_${randomBytes(6).toString('hex')}`;
    const ahead = await openMongoStore({
      uri: at,
      dbName,
      setup: true,
      now: () => Date.now() + 3_600_000,
    });
    // Its own module graph: its id generator remembers nothing of the first's.
    vi.resetModules();
    const other: typeof import('./mongo/index.ts') = await import('./mongo/index.ts');
    const behind = await other.openMongoStore({ uri: at, dbName });
    try {
      const asha = await ahead.createUser(newUserInput('Asha Rao'));
      const ravi = await ahead.createUser(newUserInput('Ravi Kumar'));
      const s1 = await login(ahead, asha, 'h1');
      const s2 = await login(behind, asha, 'h2');
      expect((await behind.listSessions(asha.id)).map((s) => s.id)).toEqual([s2.id, s1.id]);

      const r1 = await ask(ahead, asha, ravi);
      const r2 = await ask(behind, ravi, asha); // newer in both users' lists
      const out = await ahead.listRequests(asha.id, 'outgoing');
      const inc = await ahead.listRequests(asha.id, 'incoming');
      expect(out.map((r) => r.id)).toEqual([r1.request.id]);
      expect(inc.map((r) => r.id)).toEqual([r2.request.id]);
      const r3 = await ask(behind, asha, ravi);
      const outgoing = await ahead.listRequests(asha.id, 'outgoing');
      expect(outgoing.map((r) => r.id)).toEqual([r3.request.id, r1.request.id]);

      const g1 = await ahead.createGoal({ ownerId: asha.id, name: 'One', targetAmount: m(1) });
      const g2 = await behind.createGoal({ ownerId: asha.id, name: 'Two', targetAmount: m(1) });
      expect((await ahead.listGoals(asha.id)).map((g) => g.id)).toEqual([g2.id, g1.id]);
    } finally {
      await ahead.db.dropDatabase();
      await Promise.all([ahead.close(), behind.close()]);
    }
  });
});
