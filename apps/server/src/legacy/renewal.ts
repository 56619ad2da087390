import { createHash } from 'node:crypto';
import { type AuthedUser, authenticate, type Channel, type InnerContext } from '@quickpay/api';
import type { FastifyRequest } from 'fastify';
import { LegacyError, type LegacyRoute, NOT_LOGGED_IN, toLegacyError } from './errors.ts';

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

/** What a renewal reads of a legacy request (call.ts's LegacyCall has it all). */
export interface RenewalCall {
  ctx: InnerContext;
  channel: Channel;
  api: { auth: { refresh(): Promise<{ accessToken: string }> } };
  req: Pick<FastifyRequest, 'ip' | 'headers' | 'method'>;
  route: LegacyRoute;
  arrivedAt: number;
}

interface Renewal {
  browser: string;
  accessToken: Promise<string>;
  settledAt: number | null;
}
const renewals = new Map<string, Renewal>();

const digest = (...parts: string[]) =>
  createHash('sha256').update(parts.join('\0')).digest('base64url');

/**
 * The caller of a request whose access cookie has expired, from its refresh cookie;
 * the first request of a page also sends the new cookies (auth.refresh does).
 */
export async function renewSession(call: RenewalCall): Promise<AuthedUser> {
  const token = call.channel.refreshToken ?? undefined;
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
      return await signedInWith(call, await known.accessToken);
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
    return await signedInWith(call, await mine.accessToken);
  } catch (e) {
    // A fault (e.g. the store is down) stays a 500; any refusal means no session.
    if (toLegacyError(e, call.route).status >= 500) throw e;
    throw new LegacyError(401, NOT_LOGGED_IN);
  }
}

async function signedInWith(call: RenewalCall, accessToken: string): Promise<AuthedUser> {
  const auth = await authenticate(call.ctx, accessToken);
  if (!auth) throw new LegacyError(401, NOT_LOGGED_IN);
  return auth;
}
