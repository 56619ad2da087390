import type { Session, User } from '@quickpay/db';
import type { AuthedUser, CookieOptions, InnerContext } from '../context.ts';
import { ipBucket } from './ip.ts';
import { hashRefreshToken, newRefreshToken, signAccessToken, verifyAccessToken } from './tokens.ts';

/** Access token cookie (every path) and refresh token cookie. */
export const ACCESS_COOKIE = 'qp_at';
export const REFRESH_COOKIE = 'qp_rt';
// The refresh cookie goes to '/' (not only /trpc) so the legacy /api adapter can renew too.
export const REFRESH_COOKIE_PATH = '/';

/** What every successful sign-up, log-in and refresh returns. */
export interface AuthResult {
  user: { id: string; accountNumber: number; fullName: string };
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** Also set as an httpOnly cookie; returned for clients without cookies. */
  refreshToken: string;
}

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

function setRefreshCookie(ctx: InnerContext, token: string): void {
  ctx.http?.setCookie(
    REFRESH_COOKIE,
    token,
    cookie(ctx, REFRESH_COOKIE_PATH, ctx.config.refreshTokenTtlSec),
  );
}

export function clearAuthCookies(ctx: InnerContext): void {
  ctx.http?.clearCookie(ACCESS_COOKIE, { path: '/' });
  ctx.http?.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
}

/** Opens a session (a refresh-token family) after a password proof and sets both cookies. */
export async function startSession(ctx: InnerContext, user: User): Promise<AuthResult> {
  const refreshToken = newRefreshToken();
  const now = ctx.now();
  const session = await ctx.store.createSession({
    userId: user.id,
    refreshHash: hashRefreshToken(ctx.config, refreshToken),
    expiresAt: new Date(now + ctx.config.refreshTokenTtlSec * 1000),
    authTime: new Date(now),
    userAgent: ctx.http?.userAgent ?? '',
    ip: clientIp(ctx),
  });
  setRefreshCookie(ctx, refreshToken);
  return authResult(ctx, user, session, refreshToken);
}

export async function authResult(
  ctx: InnerContext,
  user: User,
  session: Session,
  refreshToken: string,
): Promise<AuthResult> {
  const accessToken = await issueAccessToken(ctx, user, session);
  return {
    user: { id: user.id, accountNumber: user.accountNumber, fullName: user.fullName },
    accessToken,
    expiresIn: ctx.config.accessTokenTtlSec,
    refreshToken,
  };
}

/** Rotates a refresh token; null when it is unknown, expired, revoked or a reuse (which revokes the family). */
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
  setRefreshCookie(ctx, next);
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
  if (!user) return null;
  return { user, sessionId: session.id, authTime: session.authTime };
}

const isLive = (s: Session, userId: string, now: number): boolean =>
  s.userId === userId && s.revokedAt === null && s.expiresAt.getTime() > now;
