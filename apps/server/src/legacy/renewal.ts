import { createHash } from 'node:crypto';
import { ACCESS_COOKIE, REFRESH_COOKIE } from '@quickpay/api';
import type { LegacyCall } from './call.ts';
import { LegacyError, NOT_LOGGED_IN, toLegacyError } from './errors.ts';

/**
 * A legacy page fires several requests at once (profile, dashboard, savings), all
 * carrying the same refresh cookie once the access token has expired. Rotating it
 * once per request would look like token reuse and end the session, so concurrent
 * renewals of one token share a single auth.refresh: the first request rotates (and
 * sends the new cookies); the others only use the new access token. A finished
 * renewal is remembered briefly for requests that were already on their way.
 * This is per process; across instances the API's rotation rules decide.
 */
const GRACE_MS = 10_000;
const renewals = new Map<string, Promise<string>>();

const keyOf = (token: string) => createHash('sha256').update(token).digest('base64url');

export async function renewSession(call: LegacyCall): Promise<void> {
  const token = call.bridge.cookies[REFRESH_COOKIE];
  if (token === undefined) throw new LegacyError(401, NOT_LOGGED_IN);
  const key = keyOf(token);
  const shared = renewals.get(key);
  try {
    if (shared !== undefined) {
      call.bridge.see(ACCESS_COOKIE, await shared);
      return;
    }
    const mine = call.api.auth.refresh().then((r) => r.accessToken);
    renewals.set(key, mine);
    const forget = () => setTimeout(() => renewals.delete(key), GRACE_MS).unref();
    mine.then(forget, forget);
    await mine;
  } catch (e) {
    // A fault (e.g. the store is down) stays a 500; any refusal means no session.
    if (toLegacyError(e, call.route).status >= 500) throw e;
    throw new LegacyError(401, NOT_LOGGED_IN);
  }
}
