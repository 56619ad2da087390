import { createHash } from 'node:crypto';
import { ACCESS_COOKIE, REFRESH_COOKIE } from '@quickpay/api';
import type { LegacyCall } from './call.ts';
import { LegacyError, NOT_LOGGED_IN, toLegacyError } from './errors.ts';

/**
 * A legacy page fires several requests at once (profile, dashboard, savings), all
 * carrying the same refresh cookie once the access token has expired. Rotating it
 * once per request would look like token reuse and end the session, so requests of
 * ONE browser (same token, address and User-Agent) share one renewal: the first
 * rotates and sends the new cookies, the others use the new access token for their
 * own answer only (no cookie is sent to them). They join while it is in flight, and
 * a page's reads (GET) that reached the server up to JOIN_MS after it finished.
 *
 * Nothing else is served with a rotated token: from the same browser it is refused
 * (401) without reaching the store, so a late request of the page does not end the
 * session it just renewed; from anyone else it goes to auth.refresh, where it is a
 * reuse and ends the family. Per process; across instances the API's rotation rules
 * decide (any second use is a reuse).
 */
export const JOIN_MS = 1_000;
const STRAGGLER_MS = 5_000;

interface Renewal {
  browser: string;
  accessToken: Promise<string>;
  settledAt: number | null;
}
const renewals = new Map<string, Renewal>();

const digest = (...parts: string[]) =>
  createHash('sha256').update(parts.join('\0')).digest('base64url');

export async function renewSession(call: LegacyCall): Promise<void> {
  const token = call.bridge.cookies[REFRESH_COOKIE];
  if (token === undefined) throw new LegacyError(401, NOT_LOGGED_IN);
  const key = digest(token);
  const browser = digest(call.req.ip, call.req.headers['user-agent'] ?? '');
  const known = renewals.get(key);
  try {
    if (known !== undefined && known.browser === browser) {
      const late =
        known.settledAt !== null &&
        (call.req.method !== 'GET' || call.arrivedAt > known.settledAt + JOIN_MS);
      if (late) throw new LegacyError(401, NOT_LOGGED_IN);
      call.bridge.see(ACCESS_COOKIE, await known.accessToken);
      return;
    }
    const mine: Renewal = {
      browser,
      accessToken: call.api.auth.refresh().then((r) => r.accessToken),
      settledAt: null,
    };
    if (known === undefined) renewals.set(key, mine);
    const settle = () => {
      mine.settledAt = Date.now();
      setTimeout(() => {
        if (renewals.get(key) === mine) renewals.delete(key);
      }, STRAGGLER_MS).unref();
    };
    mine.accessToken.then(settle, settle);
    await mine.accessToken;
  } catch (e) {
    // A fault (e.g. the store is down) stays a 500; any refusal means no session.
    if (toLegacyError(e, call.route).status >= 500) throw e;
    throw new LegacyError(401, NOT_LOGGED_IN);
  }
}
