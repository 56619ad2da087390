import type { Store, User } from '@quickpay/db';
import type { SmsSender } from '@quickpay/sms';
import type { ApiConfig } from './config.ts';

/** Cookie options the API asks the transport to apply. */
export interface CookieOptions {
  httpOnly: boolean;
  sameSite: 'lax' | 'strict';
  secure: boolean;
  path: string;
  /** Seconds; omitted for a session cookie. */
  maxAge?: number;
}

/**
 * What the API needs from an HTTP request, without Fastify types. The server
 * builds it from the request and reply; tests may pass a plain object or none.
 */
export interface HttpBridge {
  ip: string;
  userAgent: string;
  /** Bearer token from the Authorization header, if any. */
  bearer: string | null;
  /** Request cookies by name. */
  cookies: Readonly<Record<string, string | undefined>>;
  setCookie(name: string, value: string, options: CookieOptions): void;
  clearCookie(name: string, options: { path: string }): void;
}

/** The authenticated caller, resolved from a verified access token and a live session. */
export interface AuthedUser {
  user: User;
  sessionId: string;
  /** When the user last proved their password in this session. */
  authTime: Date;
}

/** Services shared by every request: created once at start. */
export interface ApiDeps {
  store: Store;
  sms: SmsSender;
  config: ApiConfig;
  /** Milliseconds since the epoch; injected so tests can move time. */
  now: () => number;
}

/** The inner context: no transport types; used by tests and the legacy adapter. */
export interface InnerContext extends ApiDeps {
  http: HttpBridge | null;
  /** Set when the caller is already known (legacy adapter, tests); otherwise resolved from http. */
  auth: AuthedUser | null;
}
