import type { Session } from '@quickpay/db';
import type { AuthedContext, InnerContext } from '../context.ts';
import { fail } from '../errors.ts';
import { type DeviceView, describeDevice } from './device.ts';
import { provePassword } from './login.ts';
import { assertPasswordPolicy, hashPassword } from './passwords.ts';
import { issueAccessToken, type OpenedSession, resolveAuth, rotateSession } from './session.ts';

/**
 * Ends the caller's session. Best effort and never refused: with an expired access
 * token the refresh token (given, or the one the transport holds) finds the session.
 */
export async function logOut(
  ctx: InnerContext,
  input: { refreshToken?: string | null | undefined },
): Promise<{ ok: true }> {
  const auth = await resolveAuth(ctx);
  if (auth) {
    await ctx.store.revokeSession(auth.sessionId, auth.user.id);
  } else {
    const token = input.refreshToken;
    // The store finds sessions by id only: a rotation reveals the session, then it is revoked
    // (a rotated-away token revokes its family by itself).
    const rotated = token ? await rotateSession(ctx, token) : null;
    if (rotated) await ctx.store.revokeSession(rotated.session.id, rotated.session.userId);
  }
  return { ok: true };
}

/**
 * Swaps a refresh token for a new pair; reuse of a rotated token revokes the whole
 * family. UNAUTHENTICATED when the token is missing or no longer good.
 */
export async function refresh(
  ctx: InnerContext,
  input: { refreshToken?: string | null | undefined },
): Promise<OpenedSession> {
  const token = input.refreshToken;
  const rotated = token ? await rotateSession(ctx, token) : null;
  const user = rotated ? await ctx.store.findUserById(rotated.session.userId) : null;
  if (!rotated || !user || user.credentialVersion !== rotated.session.credentialVersion) {
    fail('UNAUTHENTICATED', 'Session expired, log in again');
  }
  const accessToken = await issueAccessToken(ctx, user, rotated.session);
  return { user, session: rotated.session, refreshToken: rotated.refreshToken, accessToken };
}

async function liveSession(ctx: AuthedContext): Promise<Session> {
  const session = await ctx.store.getSession(ctx.auth.sessionId);
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
  ctx: AuthedContext,
  { password }: { password: string },
): Promise<StepUp> {
  const { auth } = ctx;
  await provePassword(ctx, auth.user, password);
  const session = await liveSession(ctx);
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
  ctx: AuthedContext,
  input: { currentPassword?: string | undefined; newPassword: string },
): Promise<{ ok: true; revokedSessions: number }> {
  const { auth } = ctx;
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
  /** The User-Agent in words. */
  device: DeviceView;
  ip: string;
  current: boolean;
}

/** The caller's live sessions, newest first; hashes never leave the store. */
export async function listSessions(ctx: AuthedContext): Promise<SessionView[]> {
  const { auth } = ctx;
  const sessions = await ctx.store.listSessions(auth.user.id);
  return sessions.map((s) => ({
    id: s.id,
    createdAt: s.createdAt.toISOString(),
    lastUsedAt: s.lastUsedAt.toISOString(),
    userAgent: s.userAgent,
    device: describeDevice(s.userAgent),
    ip: s.ip,
    current: s.id === auth.sessionId,
  }));
}

/** "Log out all other devices": every live session of the caller but this one. */
export async function revokeOtherSessions(ctx: AuthedContext): Promise<{ revoked: number }> {
  return { revoked: await ctx.store.revokeUserSessions(ctx.auth.user.id, ctx.auth.sessionId) };
}

/** Ends one of the caller's sessions; another user's session is SESSION_NOT_FOUND, as a missing one. */
export async function revokeSession(
  ctx: AuthedContext,
  { sessionId }: { sessionId: string },
): Promise<{ ok: true; current: boolean }> {
  if (!(await ctx.store.revokeSession(sessionId, ctx.auth.user.id))) {
    fail('SESSION_NOT_FOUND', 'No such session');
  }
  return { ok: true, current: sessionId === ctx.auth.sessionId };
}
