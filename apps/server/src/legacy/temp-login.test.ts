import { type ApiDeps, createInnerContext, defaultApiConfig, startSession } from '@quickpay/api';
import { openSqliteStore } from '@quickpay/db/sqlite';
import { createOutboxSender } from '@quickpay/sms';
import { describe, expect, it } from 'vitest';
import { sendTempPassword, useTempPassword } from './temp-password.ts';

/**
 * Issue 11 item 1 for the legacy temporary password: temp-login.ts checks it against
 * the user it read first, then opens the session for that user. A password change
 * that commits in between makes the session refused, as for an ordinary log-in.
 */
describe('legacy temporary-password log-in racing a password change', () => {
  it('a temporary password accepted before a change cannot open a session after it', async () => {
    const t = Date.UTC(2026, 0, 10, 9);
    const store = openSqliteStore({ file: ':memory:', now: () => t });
    const deps: ApiDeps = {
      store,
      sms: createOutboxSender(store, () => {}),
      config: defaultApiConfig({ jwtSecret: new TextEncoder().encode('k'.repeat(32)) }),
      now: () => t,
    };
    const user = await store.createUser({
      fullName: 'Asha Rao',
      phone: '+919812345678',
      passwordHash: 'x',
    });
    await sendTempPassword(deps, '9812345678', '203.0.113.9');
    const [sms] = await store.listSms({ to: '+919812345678' });
    const temp = /@0[A-Za-z0-9]{6}/.exec(sms?.body ?? '')?.[0] ?? '';
    // The in-flight log-in has read the user and accepted the temporary password...
    expect(await useTempPassword(deps, user, temp)).toBe(true);
    // ...when the owner's reset commits.
    await store.setPassword(user.id, 'reset-hash');
    const opened = startSession(createInnerContext(deps, null, null), user);
    await expect(opened).rejects.toMatchObject({
      message: 'Account number, phone or password is incorrect',
    });
    await expect(opened).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await store.listSessions(user.id)).toEqual([]);
    await store.close();
  });
});
