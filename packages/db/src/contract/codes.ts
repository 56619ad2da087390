import { describe, expect, it } from 'vitest';
import { type StoreFactory, storeEnv, T0, TestClock } from './helpers.ts';

const MIN = 60_000;
const PHONE = '+919800000001';

export function codeContract(factory: StoreFactory): void {
  describe('one-time codes', () => {
    const env = storeEnv(factory);

    async function setup(attempts = 3) {
      const clock = new TestClock(T0);
      const store = await env.open({ now: clock.now });
      await store.putCode('password_reset', PHONE, 'h-123456', new Date(T0 + 10 * MIN), attempts);
      return { store, clock };
    }

    it('the right code is ok once, then missing (single use)', async () => {
      const { store } = await setup();
      expect(await store.verifyCode('password_reset', PHONE, 'h-123456')).toBe('ok');
      expect(await store.verifyCode('password_reset', PHONE, 'h-123456')).toBe('missing');
    });

    it('a subject without a code is missing', async () => {
      const { store } = await setup();
      expect(await store.verifyCode('password_reset', '+919800000002', 'h-123456')).toBe('missing');
    });

    it('a wrong code spends an attempt; the right one still works while attempts remain', async () => {
      const { store } = await setup(3);
      expect(await store.verifyCode('password_reset', PHONE, 'h-000000')).toBe('wrong');
      expect(await store.verifyCode('password_reset', PHONE, 'h-111111')).toBe('wrong');
      expect(await store.verifyCode('password_reset', PHONE, 'h-123456')).toBe('ok');
    });

    it('the last wrong attempt burns the code: even the right one is then exhausted', async () => {
      const { store } = await setup(3);
      for (let i = 0; i < 3; i++) {
        expect(await store.verifyCode('password_reset', PHONE, `h-bad${i}`)).toBe('wrong');
      }
      expect(await store.verifyCode('password_reset', PHONE, 'h-123456')).toBe('exhausted');
      expect(await store.verifyCode('password_reset', PHONE, 'h-bad9')).toBe('exhausted');
    });

    it('concurrent wrong guesses cannot exceed the attempt limit', async () => {
      const { store } = await setup(3);
      const guesses = Array.from({ length: 20 }, (_, i) =>
        store.verifyCode('password_reset', PHONE, `h-bad${i}`),
      );
      const results = await Promise.all(guesses);
      expect(results.filter((r) => r === 'wrong')).toHaveLength(3);
      expect(results.filter((r) => r === 'exhausted')).toHaveLength(17);
      expect(await store.verifyCode('password_reset', PHONE, 'h-123456')).not.toBe('ok');
    });

    it('concurrent right guesses: the code is consumed exactly once', async () => {
      const { store } = await setup(3);
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.verifyCode('password_reset', PHONE, 'h-123456')),
      );
      expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    });

    it('a code past its expiry (injected clock) is expired, then missing', async () => {
      const { store, clock } = await setup();
      clock.set(T0 + 10 * MIN - 1);
      await store.putCode('temp_password', PHONE, 'h-t', new Date(T0 + 20 * MIN), 3);
      expect(await store.verifyCode('password_reset', PHONE, 'h-123456')).toBe('ok');
      clock.set(T0 + 20 * MIN + 1);
      expect(await store.verifyCode('temp_password', PHONE, 'h-t')).toBe('expired');
      expect(await store.verifyCode('temp_password', PHONE, 'h-t')).toBe('missing');
    });

    it('a new put replaces the old code and restores the attempts', async () => {
      const { store } = await setup(2);
      expect(await store.verifyCode('password_reset', PHONE, 'h-bad')).toBe('wrong');
      expect(await store.verifyCode('password_reset', PHONE, 'h-bad')).toBe('wrong');
      expect(await store.verifyCode('password_reset', PHONE, 'h-123456')).toBe('exhausted');
      await store.putCode('password_reset', PHONE, 'h-654321', new Date(T0 + 10 * MIN), 2);
      expect(await store.verifyCode('password_reset', PHONE, 'h-123456')).toBe('wrong');
      expect(await store.verifyCode('password_reset', PHONE, 'h-654321')).toBe('ok');
    });

    it('a new put also replaces the expiry', async () => {
      const { store, clock } = await setup();
      await store.putCode('password_reset', PHONE, 'h-2', new Date(T0 + 60 * MIN), 3);
      clock.set(T0 + 30 * MIN);
      expect(await store.verifyCode('password_reset', PHONE, 'h-2')).toBe('ok');
    });

    it('deleteCode removes the code; deleting nothing is fine', async () => {
      const { store } = await setup();
      await store.deleteCode('password_reset', PHONE);
      expect(await store.verifyCode('password_reset', PHONE, 'h-123456')).toBe('missing');
      await store.deleteCode('password_reset', PHONE);
      await store.deleteCode('temp_password', '+919800000009');
    });

    it('codes are separate per purpose and per subject', async () => {
      const { store } = await setup(1);
      const other = '+919800000002';
      await store.putCode('temp_password', PHONE, 'h-temp', new Date(T0 + 10 * MIN), 1);
      await store.putCode('password_reset', other, 'h-other', new Date(T0 + 10 * MIN), 1);
      // A wrong guess against one purpose burns only that one.
      expect(await store.verifyCode('temp_password', PHONE, 'h-123456')).toBe('wrong');
      expect(await store.verifyCode('password_reset', PHONE, 'h-123456')).toBe('ok');
      expect(await store.verifyCode('password_reset', other, 'h-other')).toBe('ok');
      await store.putCode('temp_password', PHONE, 'h-temp', new Date(T0 + 10 * MIN), 1);
      await store.deleteCode('password_reset', PHONE);
      expect(await store.verifyCode('temp_password', PHONE, 'h-temp')).toBe('ok');
    });
  });
}
