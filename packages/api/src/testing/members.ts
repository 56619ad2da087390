import type { User } from '@quickpay/db';
import type { ApiConfig } from '../config.ts';
import { createTestApi, type TestApi } from './harness.ts';

/** Test-only helpers for the money routers (users straight in the store, refusals as data). */
export interface MoneyTest extends TestApi {
  /** A user with a fresh password proof, and a caller acting as them. */
  user(fullName?: string, options?: { smsAlerts?: boolean; balance?: number }): Promise<Member>;
  /** A caller acting as `user` with a password proof made now. */
  as(user: User): Member['api'];
}

export interface Member {
  user: User;
  api: ReturnType<TestApi['callerAs']>;
}

let keySeq = 0;
/** A fresh, valid idempotency key. */
export const key = (): string => `test-key-${++keySeq}-${Math.random().toString(36).slice(2)}`;

export function createMoneyTest(config: Partial<ApiConfig> = {}): MoneyTest {
  const t = createTestApi(config);
  const as = (user: User) =>
    t.callerAs({ user, sessionId: 'test', authTime: new Date(t.clock.now()) });
  return Object.assign(t, {
    as,
    async user(fullName = 'Asha Rao', options: { smsAlerts?: boolean; balance?: number } = {}) {
      // Signed up through auth.signUp: the caller carries a real access token (bearer).
      const { user: created, api } = await t.signUp(fullName);
      const smsAlerts = options.smsAlerts ?? false;
      const user =
        created.smsAlerts === smsAlerts
          ? created
          : await t.store.updateUser(created.id, { smsAlerts });
      if (options.balance) {
        await api.payments.deposit({ amount: options.balance, idempotencyKey: key() });
      }
      return { user, api };
    },
  });
}

// One helper for every API test: how a call was refused.
export { type Refused as Refusal, refused as refusal } from './assert.ts';
