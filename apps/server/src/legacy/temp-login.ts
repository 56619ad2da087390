import { checkLogInCredential, createInnerContext, startSession } from '@quickpay/api';
import type { LegacyCall } from './call.ts';
import { TEMP_PASSWORD, useTempPassword } from './temp-password.ts';

/**
 * Log-in with a forgotPass temporary password (difference 6): checked and consumed
 * under the API's password-check limits, then the API opens an ordinary session
 * (cookies through the request's bridge). Null when the password is not the
 * account's live temporary password.
 */
export async function logInWithTempPassword(
  call: LegacyCall,
  accountNumber: number,
  password: string,
): Promise<{ fullName: string } | null> {
  if (!TEMP_PASSWORD.test(password)) return null;
  const ctx = createInnerContext(call.deps, call.bridge, null);
  const user = await call.deps.store.findUserByAccountNumber(accountNumber);
  const subject = { identifier: `no:${accountNumber}`, user };
  const ok = await checkLogInCredential(ctx, subject, async (u) =>
    u ? useTempPassword(call.deps, u, password) : false,
  );
  if (!user || !ok) return null;
  const res = await startSession(ctx, user);
  return { fullName: res.user.fullName };
}
