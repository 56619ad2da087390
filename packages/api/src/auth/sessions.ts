import type { Session } from '@quickpay/db';
import type { AuthedUser, InnerContext } from '../context.ts';
import { fail } from '../errors.ts';
import { provePassword } from './login.ts';
import { assertPasswordPolicy, hashPassword } from './passwords.ts';
import {
  type AuthResult,
  authResult,
  clearAuthCookies,
  deliveryOf,
  issueAccessToken,
  REFRESH_COOKIE,
  resolveAuth,
  rotateSession,
} from './session.ts';

const refreshTokenOf = (ctx: InnerContext, given?: string): string | undefined =>
  given ?? ctx.http?.cookies[REFRESH_COOKIE];

/**
 * Ends the caller's session and clears the cookies. Best effort and never refused:
 * with an expired access token the refresh token (input or cookie) finds the session.
 */
export async function logOut(ctx: InnerContext, refreshToken?: string): Promise<{ ok: true }> {
  const auth = await resolveAuth(ctx);
  if (auth) {
    await ctx.store.revokeSession(auth.sessionId, auth.user.id);
  } else {
    const token = refreshTokenOf(ctx, refreshToken);
    // The store finds sessions by id only: a rotation reveals the session, then it is revoked
    // (a rotated-away token revokes its family by itself).
    const rotated = token ? await rotateSession(ctx, token) : null;
    if (rotated) await ctx.store.revokeSession(rotated.session.id, rotated.session.userId);
  }
  clearAuthCookies(ctx);
  return { ok: true };
}

/**
 * Swaps a refresh token for a new pair; reuse of a rotated token revokes the whole family.
 * The new token goes back the way the old one came: in the body to a client that sent
 * it in the input, as the httpOnly cookie to one that sent the cookie.
 */
export async function refresh(ctx: InnerContext, refreshToken?: string): Promise<AuthResult> {
  const token = refreshTokenOf(ctx, refreshToken);
  const rotated = token ? await rotateSession(ctx, token) : null;
  const user = rotated ? await ctx.store.findUserById(rotated.session.userId) : null;
  if (!rotated || !user || user.credentialVersion !== rotated.session.credentialVersion) {
    clearAuthCookies(ctx);
    fail('UNAUTHENTICATED', 'Session expired, log in again');
  }
  const delivery = deliveryOf(ctx, refreshToken !== undefined ? 'body' : 'cookie');
  return authResult(ctx, user, rotated.session, rotated.refreshToken, delivery);
}

async function liveSession(ctx: InnerContext, auth: AuthedUser): Promise<Session> {
  const session = await ctx.store.getSession(auth.sessionId);
  if (!session || session.revokedAt) fail('UNAUTHENTICATED', 'Session expired, log in again');
  return session;
}

export interface StepUp {
  accessToken: string;
  expiresIn: number;
  /** ISO time of this password proof. */
  authTime: string;
}

/** Step-up: proves the password again, stamps a new auth_time on the session and re-issues the access token. */
export async function confirmPassword(
  ctx: InnerContext,
  auth: AuthedUser,
  password: string,
): Promise<StepUp> {
  await provePassword(ctx, auth.user, password);
  const session = await liveSession(ctx, auth);
  const authTime = new Date(ctx.now());
  await ctx.store.setSessionAuthTime(session.id, authTime);
  const accessToken = await issueAccessToken(ctx, auth.user, { ...session, authTime });
  return { accessToken, expiresIn: ctx.config.accessTokenTtlSec, authTime: authTime.toISOString() };
}

/**
 * Sets a new password after the current one is proved (or a recent step-up when it
 * is omitted) and ends every other session at once.
 */
export async function changePassword(
  ctx: InnerContext,
  auth: AuthedUser,
  input: { currentPassword?: string | undefined; newPassword: string },
): Promise<{ ok: true; revokedSessions: number }> {
  if (input.currentPassword !== undefined) {
    await provePassword(ctx, auth.user, input.currentPassword);
  } else if (ctx.now() - auth.authTime.getTime() > ctx.config.recentAuthSec * 1000) {
    fail('REAUTH_REQUIRED', 'Enter your current password');
  }
  await assertPasswordPolicy(input.newPassword, auth.user.phone, [auth.user.fullName]);
  // One atomic step: refused if a reset or another change ended this session meanwhile.
  const { revokedSessions } = await ctx.store.setPassword(
    auth.user.id,
    await hashPassword(input.newPassword),
    auth.sessionId,
  );
  // A reset code sent before the change must not undo it.
  await ctx.store.deleteCode('password_reset', auth.user.id);
  await ctx.store.deleteCode('temp_password', auth.user.id);
  return { ok: true, revokedSessions };
}

export interface SessionView {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  userAgent: string;
  ip: string;
  current: boolean;
}

/** The caller's live sessions, newest first; hashes never leave the store. */
export async function listSessions(ctx: InnerContext, auth: AuthedUser): Promise<SessionView[]> {
  const sessions = await ctx.store.listSessions(auth.user.id);
  return sessions.map((s) => ({
    id: s.id,
    createdAt: s.createdAt.toISOString(),
    lastUsedAt: s.lastUsedAt.toISOString(),
    userAgent: s.userAgent,
    ip: s.ip,
    current: s.id === auth.sessionId,
  }));
}

/** Ends one of the caller's sessions; another user's session is SESSION_NOT_FOUND, as a missing one. */
export async function revokeSession(
  ctx: InnerContext,
  auth: AuthedUser,
  sessionId: string,
): Promise<{ ok: true; current: boolean }> {
  if (!(await ctx.store.revokeSession(sessionId, auth.user.id))) {
    fail('SESSION_NOT_FOUND', 'No such session');
  }
  const current = sessionId === auth.sessionId;
  if (current) clearAuthCookies(ctx);
  return { ok: true, current };
}
