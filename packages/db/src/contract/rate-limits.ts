import { describe, expect, it } from 'vitest';
import { type StoreFactory, storeEnv, T0, TestClock } from './helpers.ts';

const WINDOW = 60_000;

export function rateLimitContract(factory: StoreFactory): void {
  describe('rate limits', () => {
    const env = storeEnv(factory);

    async function setup() {
      const clock = new TestClock(T0);
      const store = await env.open({ now: clock.now });
      return { store, clock };
    }

    it('hits count up within a window and peek reads without counting', async () => {
      const { store, clock } = await setup();
      expect(await store.peekRateLimit('login:ip:1', WINDOW)).toBe(0);
      expect(await store.hitRateLimit('login:ip:1', WINDOW)).toBe(1);
      expect(await store.hitRateLimit('login:ip:1', WINDOW)).toBe(2);
      clock.advance(WINDOW - 1); // still the window that began at T0
      expect(await store.hitRateLimit('login:ip:1', WINDOW)).toBe(3);
      expect(await store.peekRateLimit('login:ip:1', WINDOW)).toBe(3);
      expect(await store.peekRateLimit('login:ip:1', WINDOW)).toBe(3);
    });

    it('a cost adds that much to the window', async () => {
      const { store } = await setup();
      expect(await store.hitRateLimit('sms:+91', WINDOW, 5)).toBe(5);
      expect(await store.hitRateLimit('sms:+91', WINDOW)).toBe(6);
      expect(await store.hitRateLimit('sms:+91', WINDOW, 3)).toBe(9);
    });

    it('a new window starts again from zero', async () => {
      const { store, clock } = await setup();
      await store.hitRateLimit('k', WINDOW);
      await store.hitRateLimit('k', WINDOW);
      clock.set(T0 + WINDOW);
      expect(await store.peekRateLimit('k', WINDOW)).toBe(0);
      expect(await store.hitRateLimit('k', WINDOW)).toBe(1);
      clock.set(T0 + 5 * WINDOW + 30_000);
      expect(await store.peekRateLimit('k', WINDOW)).toBe(0);
      expect(await store.hitRateLimit('k', WINDOW)).toBe(1);
    });

    it('keys are counted independently', async () => {
      const { store } = await setup();
      await store.hitRateLimit('login:ip:1', WINDOW);
      await store.hitRateLimit('login:ip:1', WINDOW);
      expect(await store.hitRateLimit('login:ip:2', WINDOW)).toBe(1);
      expect(await store.hitRateLimit('login:acct:1000', WINDOW)).toBe(1);
      expect(await store.peekRateLimit('login:ip:1', WINDOW)).toBe(2);
      expect(await store.peekRateLimit('login:ip:3', WINDOW)).toBe(0);
    });

    it('concurrent hits are each counted once', async () => {
      const { store } = await setup();
      const counts = await Promise.all(
        Array.from({ length: 50 }, () => store.hitRateLimit('burst', WINDOW)),
      );
      expect([...counts].sort((a, b) => a - b)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      expect(await store.peekRateLimit('burst', WINDOW)).toBe(50);
    });
  });
}
