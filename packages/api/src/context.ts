import type { Store, Transfer, User } from '@quickpay/db';
import type { SmsSender } from '@quickpay/sms';
import type { ApiConfig } from './config.ts';

/** Session tokens a transport hands to its client (cookies over HTTP). */
export interface IssuedTokens {
  accessToken: string;
  /** How long the client may keep the access token, in seconds. */
  accessMaxAgeSec: number;
  /** Present when the transport keeps the refresh token (cookie delivery). */
  refresh?: { token: string; maxAgeSec: number };
}

/**
 * What a transport (the tRPC adapter, the legacy routes, a test) tells the API about
 * one caller, and what it does with the session tokens the API issues. Nothing of HTTP
 * is in it: the transport decides where tokens travel (a bearer header, cookies), so
 * cookie names and options live with the transport (apps/server/src/http-bridge.ts).
 */
export interface Channel {
  ip: string;
  userAgent: string;
  /** The access token the caller presented (the transport picks: bearer, else cookie). */
  readonly accessToken: string | null;
  /** The refresh token the transport holds for the caller (a cookie), if any. */
  readonly refreshToken: string | null;
  /** Hands new tokens to the client. */
  keep(tokens: IssuedTokens): void;
  /** The session ended or is unusable: the client forgets its tokens. */
  forget(): void;
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
  /** The caller's transport; null for in-process calls (every token is then in the answer). */
  channel: Channel | null;
  /** Set when the caller is already known (legacy adapter, tests); otherwise resolved from the channel's access token. */
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
   * Replaces the default alert (an SMS the store queues with the transfer when the
   * recipient has smsAlerts on). Runs after commit; its errors are logged, never thrown.
   */
  onTransferCommitted?: (event: TransferCommitted, ctx: ApiDeps) => Promise<void> | void;
}

/** Builds the inner context; `channel` is absent for in-process calls and some tests. */
export function createInnerContext(
  deps: ApiDeps & ApiHooks,
  channel: Channel | null = null,
  auth: AuthedUser | null = null,
): InnerContext {
  return { ...deps, channel, auth };
}
