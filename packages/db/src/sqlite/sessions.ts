import type { SessionsArea } from '../areas.ts';
import { DomainError } from '../errors.ts';
import { newId } from '../ids.ts';
import { newSessionFields } from '../records.ts';
import {
  MAX_LIVE_SESSIONS,
  type NewSession,
  type PasswordSet,
  type RotateResult,
  type Session,
} from '../types.ts';
import type { SqliteContext } from './context.ts';
import { type SessionRow, toSession, toUser, type UserRow } from './rows.ts';

export const credentialsChanged = () =>
  new DomainError('INVALID_CREDENTIALS', 'the password changed since it was checked');

export function sessions({ db, now }: SqliteContext): SessionsArea {
  const insert = db.prepare<[SessionRow], SessionRow>(`
    INSERT INTO sessions (id, user_id, refresh_hash, created_at, last_used_at, expires_at,
      auth_time, revoked_at, user_agent, ip, credential_version, absolute_expires_at)
    VALUES (@id, @user_id, @refresh_hash, @created_at, @last_used_at, @expires_at,
      @auth_time, @revoked_at, @user_agent, @ip, @credential_version, @absolute_expires_at)
    RETURNING *`);
  const insertToken = db.prepare<[string, string]>(
    'INSERT INTO refresh_tokens (hash, session_id, rotated_at) VALUES (?, ?, NULL)',
  );
  const userVersion = db
    .prepare<[string], number>('SELECT credential_version FROM users WHERE id = ?')
    .pluck();
  const byId = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?');
  const live = db.prepare<[string, number, number], SessionRow>(`
    SELECT * FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?
    ORDER BY created_at DESC, rowid DESC LIMIT ?`);
  // Live sessions past the newest MAX_LIVE_SESSIONS.
  const revokeSurplus = db.prepare<[number, string, number, number]>(`
    UPDATE sessions SET revoked_at = ? WHERE id IN (
      SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?
      ORDER BY created_at DESC, rowid DESC LIMIT -1 OFFSET ?)`);
  const token = db.prepare<[string], { session_id: string; rotated_at: number | null }>(
    'SELECT session_id, rotated_at FROM refresh_tokens WHERE hash = ?',
  );
  const markRotated = db.prepare<[number, string]>(
    'UPDATE refresh_tokens SET rotated_at = ? WHERE hash = ?',
  );
  const swap = db.prepare<[string, number, number, string], SessionRow>(`
    UPDATE sessions SET refresh_hash = ?, last_used_at = ?,
      expires_at = MIN(?, absolute_expires_at) WHERE id = ?
    RETURNING *`);
  const revoke = db.prepare<[number, string]>(
    'UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
  );
  const revokeOwned = db.prepare<[number, string, string, number]>(`
    UPDATE sessions SET revoked_at = ?
    WHERE id = ? AND user_id = ? AND revoked_at IS NULL AND expires_at > ?`);
  const revokeAll = db.prepare<[number, string, string, number]>(`
    UPDATE sessions SET revoked_at = ?
    WHERE user_id = ? AND id <> ? AND revoked_at IS NULL AND expires_at > ?`);
  const authTime = db.prepare<[number, string]>('UPDATE sessions SET auth_time = ? WHERE id = ?');
  const setHash = db.prepare<[string, number, string], UserRow>(`
    UPDATE users SET password_hash = ?, password_changed_at = ?,
      credential_version = credential_version + 1
    WHERE id = ? RETURNING *`);
  const restamp = db.prepare<[number, string, string]>(
    'UPDATE sessions SET credential_version = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL',
  );
  // Tokens go with their session (ON DELETE CASCADE).
  const prune = db.prepare<[number, number]>(
    'DELETE FROM sessions WHERE expires_at <= ? OR revoked_at <= ?',
  );

  const create = db.transaction((input: NewSession): Session => {
    // Read in the same IMMEDIATE transaction as the insert: a password change either
    // committed before (refused here) or comes after (and revokes this session).
    if (userVersion.get(input.userId) !== input.credentialVersion) throw credentialsChanged();
    const at = now();
    const s = newSessionFields(input);
    const row = insert.get({
      id: newId(at),
      user_id: s.userId,
      refresh_hash: s.refreshHash,
      created_at: at,
      last_used_at: at,
      expires_at: s.expiresAt.getTime(),
      auth_time: s.authTime.getTime(),
      revoked_at: null,
      user_agent: s.userAgent,
      ip: s.ip,
      credential_version: s.credentialVersion,
      absolute_expires_at: s.absoluteExpiresAt.getTime(),
    });
    if (!row) throw new Error('session insert returned nothing');
    insertToken.run(input.refreshHash, row.id);
    revokeSurplus.run(at, input.userId, at, MAX_LIVE_SESSIONS);
    return toSession(row);
  });

  const rotate = db.transaction(
    (oldHash: string, newHash: string, expiresAt: Date): RotateResult => {
      const t = token.get(oldHash);
      const session = t && byId.get(t.session_id);
      if (!t || !session) return { ok: false, reason: 'unknown' };
      const at = now();
      if (t.rotated_at !== null) {
        // A stolen-and-used refresh token: end the whole family.
        revoke.run(at, session.id);
        return { ok: false, reason: 'reused' };
      }
      if (session.revoked_at !== null) return { ok: false, reason: 'revoked' };
      if (userVersion.get(session.user_id) !== session.credential_version) {
        revoke.run(at, session.id);
        return { ok: false, reason: 'revoked' };
      }
      if (session.expires_at <= at) return { ok: false, reason: 'expired' };
      markRotated.run(at, oldHash);
      insertToken.run(newHash, session.id);
      const row = swap.get(newHash, at, expiresAt.getTime(), session.id);
      if (!row) throw new Error('session vanished during rotation');
      return { ok: true, session: toSession(row) };
    },
  );

  const setPassword = db.transaction(
    (userId: string, hash: string, keepId: string | undefined): PasswordSet => {
      const at = now();
      if (keepId !== undefined) {
        // The caller's session must still be live on the current credential: one that a
        // reset ended while this request was running cannot set a password.
        const keep = byId.get(keepId);
        const ok =
          keep !== undefined &&
          keep.user_id === userId &&
          keep.revoked_at === null &&
          keep.expires_at > at &&
          keep.credential_version === userVersion.get(userId);
        if (!ok) throw new DomainError('UNAUTHENTICATED', 'session expired, log in again');
      }
      const row = setHash.get(hash, at, userId);
      if (!row) throw new DomainError('USER_NOT_FOUND', 'no such user');
      const revokedSessions = revokeAll.run(at, userId, keepId ?? '', at).changes;
      if (keepId !== undefined) restamp.run(row.credential_version, keepId, userId);
      return { user: toUser(row), revokedSessions };
    },
  );

  return {
    createSession: async (input) => create.immediate(input),
    getSession: async (id) => {
      const row = byId.get(id);
      return row ? toSession(row) : null;
    },
    listSessions: async (userId) => live.all(userId, now(), MAX_LIVE_SESSIONS).map(toSession),
    rotateRefreshToken: async (oldHash, newHash, expiresAt) =>
      rotate.immediate(oldHash, newHash, expiresAt),
    setSessionAuthTime: async (id, at) => {
      authTime.run(at.getTime(), id);
    },
    revokeSession: async (id, userId) => {
      const at = now();
      return revokeOwned.run(at, id, userId, at).changes > 0;
    },
    revokeUserSessions: async (userId, exceptId) => {
      const at = now();
      return revokeAll.run(at, userId, exceptId ?? '', at).changes;
    },
    setPassword: async (userId, hash, keepId) => setPassword.immediate(userId, hash, keepId),
    pruneSessions: async (before) => {
      const t = before.getTime();
      return prune.run(t, t).changes;
    },
  };
}
