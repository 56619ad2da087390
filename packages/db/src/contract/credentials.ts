import { describe, expect, it } from 'vitest';
import type { Store } from '../store.ts';
import { MAX_LIVE_SESSIONS, SESSION_TEXT_LIMITS, type User } from '../types.ts';
import { expectRefusal, makeUser, type StoreFactory, storeEnv, T0, TestClock } from './helpers.ts';

const DAY = 86_400_000;

/** Sessions bound to a credential version, bounded text and count, absolute lifetime, pruning. */
export function credentialContract(factory: StoreFactory): void {
  describe('session credentials and bounds', () => {
    const env = storeEnv(factory);

    async function setup() {
      const clock = new TestClock(T0);
      const store = await env.open({ now: clock.now });
      const asha = await makeUser(store, 'Asha Rao');
      return { store, clock, asha };
    }

    const open = (store: Store, clock: TestClock, u: User, hash: string, version?: number) =>
      store.createSession({
        userId: u.id,
        credentialVersion: version ?? u.credentialVersion,
        refreshHash: hash,
        expiresAt: new Date(clock.t + DAY),
        absoluteExpiresAt: new Date(clock.t + 3 * DAY),
        authTime: new Date(clock.t),
      });

    it('a new user is at credential version 0 and sessions carry the version they were opened with', async () => {
      const { store, clock, asha } = await setup();
      expect(asha.credentialVersion).toBe(0);
      const s = await open(store, clock, asha, 'r1');
      expect(s).toMatchObject({ credentialVersion: 0, absoluteExpiresAt: new Date(T0 + 3 * DAY) });
    });

    it('setPassword bumps the version, revokes the others and re-stamps the kept session', async () => {
      const { store, clock, asha } = await setup();
      const mine = await open(store, clock, asha, 'm1');
      const other = await open(store, clock, asha, 'o1');
      clock.advance(7);
      const res = await store.setPassword(asha.id, 'new-hash', mine.id);
      expect(res.revokedSessions).toBe(1);
      expect(res.user).toMatchObject({ passwordHash: 'new-hash', credentialVersion: 1 });
      expect(res.user.passwordChangedAt).toEqual(new Date(T0 + 7));
      expect(await store.getSession(mine.id)).toMatchObject({
        credentialVersion: 1,
        revokedAt: null,
      });
      expect((await store.getSession(other.id))?.revokedAt).toEqual(new Date(T0 + 7));
      // The kept session still rotates; without a kept one every session ends.
      expect((await store.rotateRefreshToken('m1', 'm2', new Date(clock.t + DAY))).ok).toBe(true);
      expect((await store.setPassword(asha.id, 'third')).revokedSessions).toBe(1);
      expect((await store.findUserById(asha.id))?.credentialVersion).toBe(2);
    });

    it('setPassword keeping a session that a change already made stale is refused and writes nothing', async () => {
      const { store, clock, asha } = await setup();
      const stale = await open(store, clock, asha, 's1');
      await store.setPassword(asha.id, 'reset-hash');
      await expectRefusal(store.setPassword(asha.id, 'attacker', stale.id), 'UNAUTHENTICATED');
      const user = await store.findUserById(asha.id);
      expect(user).toMatchObject({ passwordHash: 'reset-hash', credentialVersion: 1 });
      await expectRefusal(store.setPassword(asha.id, 'x', 'nope'), 'UNAUTHENTICATED');
    });

    it('createSession against a credential version that has moved is refused and writes nothing', async () => {
      const { store, clock, asha } = await setup();
      await store.setPassword(asha.id, 'new-hash');
      await expectRefusal(open(store, clock, asha, 'stale'), 'INVALID_CREDENTIALS');
      expect(await store.listSessions(asha.id)).toEqual([]);
      expect((await store.rotateRefreshToken('stale', 'x', new Date(T0 + DAY))).ok).toBe(false);
      const fresh = await open(store, clock, asha, 'fresh', 1);
      expect(fresh.credentialVersion).toBe(1);
    });

    it('updateUser with a new hash moves the version too, and rotation then revokes the stale session', async () => {
      const { store, clock, asha } = await setup();
      const s = await open(store, clock, asha, 'r1');
      const after = await store.updateUser(asha.id, { passwordHash: 'h2' });
      expect(after.credentialVersion).toBe(1);
      expect(await store.updateUser(asha.id, { fullName: 'Asha R' })).toMatchObject({
        credentialVersion: 1,
      });
      expect(await store.rotateRefreshToken('r1', 'r2', new Date(T0 + DAY))).toEqual({
        ok: false,
        reason: 'revoked',
      });
      expect((await store.getSession(s.id))?.revokedAt).not.toBeNull();
    });

    it('rotation never moves expiry past the absolute lifetime', async () => {
      const { store, clock, asha } = await setup();
      await open(store, clock, asha, 'r1');
      clock.advance(DAY / 2);
      const res = await store.rotateRefreshToken('r1', 'r2', new Date(clock.t + 10 * DAY));
      expect(res.ok && res.session.expiresAt).toEqual(new Date(T0 + 3 * DAY));
      clock.set(T0 + 3 * DAY);
      expect(await store.rotateRefreshToken('r2', 'r3', new Date(clock.t + DAY))).toEqual({
        ok: false,
        reason: 'expired',
      });
    });

    it('stored user agent and ip are cut to their limits', async () => {
      const { store, clock, asha } = await setup();
      const s = await store.createSession({
        userId: asha.id,
        credentialVersion: 0,
        refreshHash: 'r1',
        expiresAt: new Date(clock.t + DAY),
        authTime: new Date(clock.t),
        userAgent: 'U'.repeat(15_000),
        ip: '1'.repeat(500),
      });
      expect(s.userAgent).toHaveLength(SESSION_TEXT_LIMITS.userAgent);
      expect(s.ip).toHaveLength(SESSION_TEXT_LIMITS.ip);
      expect((await store.getSession(s.id))?.userAgent).toHaveLength(SESSION_TEXT_LIMITS.userAgent);
    });

    it('beyond MAX_LIVE_SESSIONS the oldest live sessions are revoked', async () => {
      const { store, clock, asha } = await setup();
      const first = await open(store, clock, asha, 'h0');
      for (let i = 1; i <= MAX_LIVE_SESSIONS; i++) {
        clock.advance(1);
        await open(store, clock, asha, `h${i}`);
      }
      const live = await store.listSessions(asha.id);
      expect(live).toHaveLength(MAX_LIVE_SESSIONS);
      expect(live.map((s) => s.id)).not.toContain(first.id);
      expect((await store.getSession(first.id))?.revokedAt).not.toBeNull();
    });

    it('pruneSessions deletes expired and revoked sessions with their tokens, keeps live ones', async () => {
      const { store, clock, asha } = await setup();
      const expired = await open(store, clock, asha, 'e1');
      const revoked = await open(store, clock, asha, 'v1');
      await store.revokeSession(revoked.id, asha.id);
      clock.advance(DAY + 1);
      const live = await open(store, clock, asha, 'l1');
      expect(await store.pruneSessions(new Date(clock.t))).toBe(2);
      expect(await store.getSession(expired.id)).toBeNull();
      expect(await store.getSession(revoked.id)).toBeNull();
      expect(await store.getSession(live.id)).not.toBeNull();
      expect((await store.rotateRefreshToken('e1', 'x', new Date(clock.t + DAY))).ok).toBe(false);
      expect(await store.pruneSessions(new Date(clock.t))).toBe(0);
    });
  });
}
