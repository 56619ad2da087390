import { DomainError, type Session, type User } from '@quickpay/db';
import type { AuthedUser, CookieOptions, InnerContext } from '../context.ts';
import { fail } from '../errors.ts';
import { ipBucket } from '../shared/ip.ts';
import { hashRefreshToken, newRefreshToken, signAccessToken, verifyAccessToken } from './tokens.ts';

/** Access token cookie (every path) and refresh token cookie. */
export const ACCESS_COOKIE = 'qp_at';
export const REFRESH_COOKIE = 'qp_rt';
// The refresh cookie goes to '/' (not only /trpc) so the legacy /api adapter can renew too.
export const REFRESH_COOKIE_PATH = '/';

export const BAD_LOGIN = 'Account number, phone or password is incorrect';

/** What every successful sign-up, log-in and refresh returns. */
export interface AuthResult {
  user: { id: string; accountNumber: number; fullName: string };
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  /**
   * Only with body delivery (bearer clients). Cookie delivery sets it as an httpOnly
   * cookie and never puts it where page scripts can read it.
   */
  refreshToken?: string;
}

/**
 * Where a new refresh token goes: 'cookie' (httpOnly, the default over HTTP) or
 * 'body' (in the JSON answer, no refresh cookie) for clients without cookies.
 * In-process callers (no HTTP) always get it in the body.
 */
export type TokenDelivery = 'cookie' | 'body';

export const deliveryOf = (ctx: InnerContext, asked?: TokenDelivery): TokenDelivery =>
  ctx.http ? (asked ?? 'cookie') : 'body';

const cookie = (ctx: InnerContext, path: string, maxAge: number): CookieOptions => ({
  httpOnly: true,
  sameSite: 'lax',
  secure: ctx.config.secureCookies,
  path,
  maxAge,
});

export const clientIp = (ctx: InnerContext): string => ctx.http?.ip ?? 'local';
/** The caller's address as a rate-limit key (IPv6 by /64). */
export const rateIp = (ctx: InnerContext): string => ipBucket(clientIp(ctx));

export async function issueAccessToken(
  ctx: InnerContext,
  user: User,
  session: Session,
): Promise<string> {
  const token = await signAccessToken(
    { userId: user.id, sessionId: session.id, authTime: session.authTime },
    ctx.config,
    ctx.now(),
  );
  ctx.http?.setCookie(ACCESS_COOKIE, token, cookie(ctx, '/', ctx.config.accessTokenTtlSec));
  return token;
}

/** The cookie lives as long as its session (which never outlives its absolute lifetime). */
function setRefreshCookie(ctx: InnerContext, token: string, session: Session): void {
  const left = Math.floor((session.expiresAt.getTime() - ctx.now()) / 1000);
  ctx.http?.setCookie(REFRESH_COOKIE, token, cookie(ctx, REFRESH_COOKIE_PATH, Math.max(0, left)));
}

export function clearAuthCookies(ctx: InnerContext): void {
  ctx.http?.clearCookie(ACCESS_COOKIE, { path: '/' });
  ctx.http?.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
}

/**
 * Opens a session (a refresh-token family) after a password proof. `user` must be the
 * record whose hash was checked: the store refuses the session (INVALID_CREDENTIALS)
 * when the password has changed since, so a log-in racing a change or reset fails.
 */
export async function startSession(
  ctx: InnerContext,
  user: User,
  delivery?: TokenDelivery,
): Promise<AuthResult> {
  const refreshToken = newRefreshToken();
  const now = ctx.now();
  const absolute = now + ctx.config.sessionMaxAgeSec * 1000;
  const session = await ctx.store
    .createSession({
      userId: user.id,
      credentialVersion: user.credentialVersion,
      refreshHash: hashRefreshToken(ctx.config, refreshToken),
      expiresAt: new Date(Math.min(now + ctx.config.refreshTokenTtlSec * 1000, absolute)),
      absoluteExpiresAt: new Date(absolute),
      authTime: new Date(now),
      userAgent: ctx.http?.userAgent ?? '',
      ip: clientIp(ctx),
    })
    .catch((e: unknown) => {
      // The same answer as a wrong password: nothing tells that a change is under way.
      if (e instanceof DomainError && e.code === 'INVALID_CREDENTIALS') fail(e.code, BAD_LOGIN);
      throw e;
    });
  return authResult(ctx, user, session, refreshToken, deliveryOf(ctx, delivery));
}

/** Sets the access cookie, and the refresh token where `delivery` says. */
export async function authResult(
  ctx: InnerContext,
  user: User,
  session: Session,
  refreshToken: string,
  delivery: TokenDelivery,
): Promise<AuthResult> {
  const accessToken = await issueAccessToken(ctx, user, session);
  if (delivery === 'cookie') setRefreshCookie(ctx, refreshToken, session);
  return {
    user: { id: user.id, accountNumber: user.accountNumber, fullName: user.fullName },
    accessToken,
    expiresIn: ctx.config.accessTokenTtlSec,
    ...(delivery === 'body' ? { refreshToken } : {}),
  };
}

/** Rotates a refresh token (no cookie set: see authResult); null when it is unknown, expired, revoked or a reuse (which revokes the family). */
export async function rotateSession(
  ctx: InnerContext,
  refreshToken: string,
): Promise<{ session: Session; refreshToken: string } | null> {
  const next = newRefreshToken();
  const expiresAt = new Date(ctx.now() + ctx.config.refreshTokenTtlSec * 1000);
  const result = await ctx.store.rotateRefreshToken(
    hashRefreshToken(ctx.config, refreshToken),
    hashRefreshToken(ctx.config, next),
    expiresAt,
  );
  if (!result.ok) return null;
  return { session: result.session, refreshToken: next };
}

/**
 * The caller behind the request: a pre-set ctx.auth as is, else a verified access
 * token (bearer first, then cookie) whose session is still live in the store, so a
 * revoked session stops working at once.
 */
export async function resolveAuth(ctx: InnerContext): Promise<AuthedUser | null> {
  if (ctx.auth) return ctx.auth;
  const token = ctx.http?.bearer ?? ctx.http?.cookies[ACCESS_COOKIE];
  if (!token) return null;
  const claims = await verifyAccessToken(token, ctx.config, ctx.now());
  if (!claims) return null;
  const session = await ctx.store.getSession(claims.sessionId);
  if (!session || !isLive(session, claims.userId, ctx.now())) return null;
  const user = await ctx.store.findUserById(session.userId);
  // A session opened against an older password is dead, whatever else it says.
  if (!user || user.credentialVersion !== session.credentialVersion) return null;
  return { user, sessionId: session.id, authTime: session.authTime };
}

const isLive = (s: Session, userId: string, now: number): boolean =>
  s.userId === userId && s.revokedAt === null && s.expiresAt.getTime() > now;
