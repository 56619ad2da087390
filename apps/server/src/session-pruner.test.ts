import { openSqliteStore } from '@quickpay/db/sqlite';
import { describe, expect, it } from 'vitest';
import { createSessionPruner, RETAIN_MS } from './session-pruner.ts';

describe('session pruner', () => {
  it('deletes sessions expired or revoked over a day ago and keeps the rest', async () => {
    let t = Date.UTC(2026, 0, 1);
    const now = () => t;
    const store = openSqliteStore({ file: ':memory:', now });
    const user = await store.createUser({
      fullName: 'Asha Rao',
      phone: '+919800000001',
      passwordHash: 'h',
    });
    const open = (hash: string, ttl: number) =>
      store.createSession({
        userId: user.id,
        credentialVersion: user.credentialVersion,
        refreshHash: hash,
        expiresAt: new Date(t + ttl),
        authTime: new Date(t),
      });
    const expired = await open('e', 1000);
    const revoked = await open('r', 10 * RETAIN_MS);
    await store.revokeSession(revoked.id, user.id);
    t += RETAIN_MS + 2000;
    const live = await open('l', 1000);
    const logs: string[] = [];
    const pruner = createSessionPruner({ store, now, log: (m) => logs.push(m) });
    // Overlapping passes share one; a second pass finds nothing left.
    expect(await Promise.all([pruner.runOnce(), pruner.runOnce()])).toEqual([2, 2]);
    expect(await store.getSession(expired.id)).toBeNull();
    expect(await store.getSession(revoked.id)).toBeNull();
    expect(await store.getSession(live.id)).not.toBeNull();
    expect(await pruner.runOnce()).toBe(0);
    pruner.start();
    await pruner.stop();
    await store.close();
  });
});
