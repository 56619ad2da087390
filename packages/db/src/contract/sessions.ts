import { describe, expect, it } from 'vitest';
import type { Store } from '../store.ts';
import type { Session, User } from '../types.ts';
import { makeUser, type StoreFactory, storeEnv, T0, TestClock } from './helpers.ts';

const DAY = 86_400_000;

export function sessionContract(factory: StoreFactory): void {
  describe('sessions', () => {
    const env = storeEnv(factory);

    async function setup() {
      const clock = new TestClock(T0);
      const store = await env.open({ now: clock.now });
      const asha = await makeUser(store, 'Asha Rao');
      const ravi = await makeUser(store, 'Ravi Kumar');
      return { store, clock, asha, ravi };
    }

    /** A session with refresh hash `hash`, valid for a day from now. */
    function login(store: Store, clock: TestClock, user: User, hash: string): Promise<Session> {
      return store.createSession({
        userId: user.id,
        credentialVersion: user.credentialVersion,
        refreshHash: hash,
        expiresAt: new Date(clock.t + DAY),
        absoluteExpiresAt: new Date(clock.t + 90 * DAY),
        authTime: new Date(clock.t),
      });
    }

    it('createSession returns a live session that getSession reads back', async () => {
      const { store, clock, asha } = await setup();
      const s = await store.createSession({
        userId: asha.id,
        credentialVersion: asha.credentialVersion,
        refreshHash: 'r1',
        expiresAt: new Date(T0 + DAY),
        authTime: new Date(T0 - 5),
        userAgent: 'curl/8',
        ip: '127.0.0.1',
      });
      expect(s).toMatchObject({
        userId: asha.id,
        refreshHash: 'r1',
        createdAt: new Date(T0),
        lastUsedAt: new Date(T0),
        expiresAt: new Date(T0 + DAY),
        authTime: new Date(T0 - 5),
        revokedAt: null,
        userAgent: 'curl/8',
        ip: '127.0.0.1',
      });
      expect(await store.getSession(s.id)).toEqual(s);
      const bare = await login(store, clock, asha, 'r2');
      expect(bare).toMatchObject({ userAgent: '', ip: '' });
      expect(bare.id).not.toBe(s.id);
    });

    it('getSession of an unknown id returns null', async () => {
      const { store } = await setup();
      expect(await store.getSession('nope')).toBeNull();
    });

    it('listSessions lists only live sessions of the user, newest first', async () => {
      const { store, clock, asha, ravi } = await setup();
      const short = await store.createSession({
        userId: asha.id,
        credentialVersion: asha.credentialVersion,
        refreshHash: 'short',
        expiresAt: new Date(T0 + 1000),
        authTime: new Date(T0),
      });
      clock.advance(10);
      const a = await login(store, clock, asha, 'a');
      clock.advance(10);
      const b = await login(store, clock, asha, 'b');
      clock.advance(10);
      const revoked = await login(store, clock, asha, 'c');
      await login(store, clock, ravi, 'd');
      expect(await store.revokeSession(revoked.id, asha.id)).toBe(true);
      expect((await store.listSessions(asha.id)).map((s) => s.id)).toEqual([b.id, a.id, short.id]);
      clock.set(T0 + 1001); // `short` has expired
      expect((await store.listSessions(asha.id)).map((s) => s.id)).toEqual([b.id, a.id]);
    });

    it('rotateRefreshToken swaps the current hash and extends the session', async () => {
      const { store, clock, asha } = await setup();
      const s = await login(store, clock, asha, 'r1');
      clock.advance(60_000);
      const res = await store.rotateRefreshToken('r1', 'r2', new Date(T0 + 2 * DAY));
      expect(res.ok).toBe(true);
      if (!res.ok) return;
      expect(res.session).toMatchObject({
        id: s.id,
        refreshHash: 'r2',
        lastUsedAt: new Date(T0 + 60_000),
        expiresAt: new Date(T0 + 2 * DAY),
        createdAt: s.createdAt,
        authTime: s.authTime,
        revokedAt: null,
      });
      expect(await store.getSession(s.id)).toEqual(res.session);
      const next = await store.rotateRefreshToken('r2', 'r3', new Date(T0 + 3 * DAY));
      expect(next.ok && next.session.refreshHash).toBe('r3');
    });

    it('rotateRefreshToken of an unknown hash says unknown', async () => {
      const { store, clock, asha } = await setup();
      await login(store, clock, asha, 'r1');
      expect(await store.rotateRefreshToken('nope', 'r2', new Date(T0 + DAY))).toEqual({
        ok: false,
        reason: 'unknown',
      });
      expect((await store.listSessions(asha.id)).map((s) => s.refreshHash)).toEqual(['r1']);
    });

    it('rotateRefreshToken of an expired session says expired and changes nothing', async () => {
      const { store, clock, asha } = await setup();
      const s = await login(store, clock, asha, 'r1');
      clock.advance(DAY + 1);
      expect(await store.rotateRefreshToken('r1', 'r2', new Date(clock.t + DAY))).toEqual({
        ok: false,
        reason: 'expired',
      });
      expect(await store.getSession(s.id)).toEqual(s);
    });

    it('reusing a rotated token revokes the whole family and says reused', async () => {
      const { store, clock, asha } = await setup();
      const s = await login(store, clock, asha, 'r1');
      const other = await login(store, clock, asha, 'x1');
      await store.rotateRefreshToken('r1', 'r2', new Date(T0 + DAY));
      clock.advance(5);
      expect(await store.rotateRefreshToken('r1', 'evil', new Date(T0 + DAY))).toEqual({
        ok: false,
        reason: 'reused',
      });
      const after = await store.getSession(s.id);
      expect(after?.revokedAt).toEqual(new Date(T0 + 5));
      expect(after?.refreshHash).toBe('r2');
      // The current token of the family is dead too; the attacker's hash was never issued.
      const current = await store.rotateRefreshToken('r2', 'r3', new Date(T0 + DAY));
      expect(current.ok).toBe(false);
      expect(await store.rotateRefreshToken('evil', 'r4', new Date(T0 + DAY))).toEqual({
        ok: false,
        reason: 'unknown',
      });
      // Other logins of the same user are a different family and stay live.
      expect((await store.listSessions(asha.id)).map((x) => x.id)).toEqual([other.id]);
    });

    it('rotateRefreshToken of a revoked session says revoked', async () => {
      const { store, clock, asha } = await setup();
      const s = await login(store, clock, asha, 'r1');
      await store.revokeSession(s.id, asha.id);
      expect(await store.rotateRefreshToken('r1', 'r2', new Date(T0 + DAY))).toEqual({
        ok: false,
        reason: 'revoked',
      });
      expect((await store.getSession(s.id))?.refreshHash).toBe('r1');
    });

    it('concurrent rotations of one token: exactly one wins', async () => {
      const { store, clock, asha } = await setup();
      const s = await login(store, clock, asha, 'r1');
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.rotateRefreshToken('r1', `n${i}`, new Date(T0 + DAY)),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      // A loser presented a token that was just rotated away: a reuse, so the family ends.
      expect(results.filter((r) => !r.ok && r.reason === 'reused').length).toBeGreaterThan(0);
      expect((await store.getSession(s.id))?.revokedAt).not.toBeNull();
    });

    it('setSessionAuthTime records a fresh password proof', async () => {
      const { store, clock, asha } = await setup();
      const s = await login(store, clock, asha, 'r1');
      await store.setSessionAuthTime(s.id, new Date(T0 + 777));
      expect(await store.getSession(s.id)).toEqual({ ...s, authTime: new Date(T0 + 777) });
    });

    it('revokeSession ends one live session of its owner only', async () => {
      const { store, clock, asha, ravi } = await setup();
      const s = await login(store, clock, asha, 'r1');
      const keep = await login(store, clock, asha, 'r2');
      clock.advance(3);
      expect(await store.revokeSession(s.id, ravi.id)).toBe(false);
      expect(await store.revokeSession('nope', asha.id)).toBe(false);
      expect((await store.getSession(s.id))?.revokedAt).toBeNull();
      expect(await store.revokeSession(s.id, asha.id)).toBe(true);
      expect((await store.getSession(s.id))?.revokedAt).toEqual(new Date(T0 + 3));
      expect(await store.revokeSession(s.id, asha.id)).toBe(false);
      expect((await store.listSessions(asha.id)).map((x) => x.id)).toEqual([keep.id]);
    });

    it('revokeUserSessions ends every other live session of the user and counts them', async () => {
      const { store, clock, asha, ravi } = await setup();
      const current = await login(store, clock, asha, 'a1');
      await login(store, clock, asha, 'a2');
      await login(store, clock, asha, 'a3');
      const gone = await login(store, clock, asha, 'a4');
      await store.revokeSession(gone.id, asha.id);
      const theirs = await login(store, clock, ravi, 'r1');
      expect(await store.revokeUserSessions(asha.id, current.id)).toBe(2);
      expect((await store.listSessions(asha.id)).map((x) => x.id)).toEqual([current.id]);
      expect((await store.listSessions(ravi.id)).map((x) => x.id)).toEqual([theirs.id]);
      expect(await store.revokeUserSessions(asha.id)).toBe(1);
      expect(await store.listSessions(asha.id)).toEqual([]);
      expect(await store.revokeUserSessions(asha.id)).toBe(0);
    });
  });
}
