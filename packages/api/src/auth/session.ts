import { DomainError, type Session, type User } from '@quickpay/db';
import type { AuthedUser, InnerContext } from '../context.ts';
import { fail } from '../errors.ts';
import { ipBucket } from '../shared/ip.ts';
import { hashRefreshToken, newRefreshToken, signAccessToken, verifyAccessToken } from './tokens.ts';

export const BAD_LOGIN = 'Account number, phone or password is incorrect';

/**
 * A session just opened or renewed, with its tokens. Auth functions return this; the
 * procedures (delivery.ts) hand the tokens to the caller's transport and shape the answer.
 */
export interface OpenedSession {
  user: User;
  session: Session;
  accessToken: string;
  refreshToken: string;
}

export const clientIp = (ctx: InnerContext): string => ctx.channel?.ip ?? 'local';
/** The caller's address as a rate-limit key (IPv6 by /64). */
export const rateIp = (ctx: InnerContext): string => ipBucket(clientIp(ctx));

export function issueAccessToken(ctx: InnerContext, user: User, session: Session): Promise<string> {
  return signAccessToken(
    { userId: user.id, sessionId: session.id, authTime: session.authTime },
    ctx.config,
    ctx.now(),
  );
}

/**
 * Opens a session (a refresh-token family) after a password proof. `user` must be the
 * record whose hash was checked: the store refuses the session (INVALID_CREDENTIALS)
 * when the password has changed since, so a log-in racing a change or reset fails.
 */
export async function startSession(ctx: InnerContext, user: User): Promise<OpenedSession> {
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
      userAgent: ctx.channel?.userAgent ?? '',
      ip: clientIp(ctx),
    })
    .catch((e: unknown) => {
      // The same answer as a wrong password: nothing tells that a change is under way.
      if (e instanceof DomainError && e.code === 'INVALID_CREDENTIALS') fail(e.code, BAD_LOGIN);
      throw e;
    });
  return { user, session, refreshToken, accessToken: await issueAccessToken(ctx, user, session) };
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
  return { session: result.session, refreshToken: next };
}

/**
 * The caller behind the request: a pre-set ctx.auth as is, else the access token the
 * transport presented, verified, whose session is still live in the store (so a
 * revoked session stops working at once).
 */
export async function resolveAuth(ctx: InnerContext): Promise<AuthedUser | null> {
  if (ctx.auth) return ctx.auth;
  const token = ctx.channel?.accessToken;
  return token ? authenticate(ctx, token) : null;
}

/** One access token -> the authenticated caller, or null (bad token, ended session, old password). */
export async function authenticate(
  ctx: Pick<InnerContext, 'store' | 'config' | 'now'>,
  accessToken: string,
): Promise<AuthedUser | null> {
  const claims = await verifyAccessToken(accessToken, ctx.config, ctx.now());
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
