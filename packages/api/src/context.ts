import type { Store, Transfer, User } from '@quickpay/db';
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
export interface InnerContext extends ApiDeps, ApiHooks {
  http: HttpBridge | null;
  /** Set when the caller is already known (legacy adapter, tests); otherwise resolved from http. */
  auth: AuthedUser | null;
}

/** The context below authedProcedure: the caller is known. Every domain function that
 *  acts for a signed-in user takes it first: `(ctx, input)`. */
export type AuthedContext = InnerContext & { auth: AuthedUser };

/** Where the API reports problems it swallows (e.g. a failed transfer alert). */
export interface ApiLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** A committed (not replayed) transfer between two users, for side effects such as alerts. */
export interface TransferCommitted {
  transfer: Transfer;
  sender: User;
  recipient: User;
}

/** Optional services the server may add; everything works without them. */
export interface ApiHooks {
  logger?: ApiLogger;
  /**
   * Replaces the default alert (an SMS queued through @quickpay/sms when the
   * recipient has smsAlerts on). Runs after commit; its errors are logged, never thrown.
   */
  onTransferCommitted?: (event: TransferCommitted, ctx: ApiDeps) => Promise<void> | void;
}

/** Builds the inner context; `http` is absent for the legacy adapter's direct calls and tests. */
export function createInnerContext(
  deps: ApiDeps & ApiHooks,
  http: HttpBridge | null = null,
  auth: AuthedUser | null = null,
): InnerContext {
  return { ...deps, http, auth };
}
