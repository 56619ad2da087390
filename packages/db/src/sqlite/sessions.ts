import { newId } from '../ids.ts';
import type { NewSession, RotateResult, Session } from '../types.ts';
import type { SqliteContext } from './ledger.ts';
import { type SessionRow, toSession } from './rows.ts';

export function createSessions({ db, now }: SqliteContext) {
  const insert = db.prepare<[SessionRow], SessionRow>(`
    INSERT INTO sessions (id, user_id, refresh_hash, created_at, last_used_at, expires_at,
      auth_time, revoked_at, user_agent, ip)
    VALUES (@id, @user_id, @refresh_hash, @created_at, @last_used_at, @expires_at,
      @auth_time, @revoked_at, @user_agent, @ip)
    RETURNING *`);
  const insertToken = db.prepare<[string, string]>(
    'INSERT INTO refresh_tokens (hash, session_id, rotated_at) VALUES (?, ?, NULL)',
  );
  const byId = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?');
  const live = db.prepare<[string, number], SessionRow>(`
    SELECT * FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?
    ORDER BY created_at DESC, rowid DESC`);
  const token = db.prepare<[string], { session_id: string; rotated_at: number | null }>(
    'SELECT session_id, rotated_at FROM refresh_tokens WHERE hash = ?',
  );
  const markRotated = db.prepare<[number, string]>(
    'UPDATE refresh_tokens SET rotated_at = ? WHERE hash = ?',
  );
  const swap = db.prepare<[string, number, number, string], SessionRow>(`
    UPDATE sessions SET refresh_hash = ?, last_used_at = ?, expires_at = ? WHERE id = ?
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

  const create = db.transaction((input: NewSession): Session => {
    const at = now();
    const row = insert.get({
      id: newId(at),
      user_id: input.userId,
      refresh_hash: input.refreshHash,
      created_at: at,
      last_used_at: at,
      expires_at: input.expiresAt.getTime(),
      auth_time: input.authTime.getTime(),
      revoked_at: null,
      user_agent: input.userAgent ?? '',
      ip: input.ip ?? '',
    });
    if (!row) throw new Error('session insert returned nothing');
    insertToken.run(input.refreshHash, row.id);
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
      if (session.expires_at <= at) return { ok: false, reason: 'expired' };
      markRotated.run(at, oldHash);
      insertToken.run(newHash, session.id);
      const row = swap.get(newHash, at, expiresAt.getTime(), session.id);
      if (!row) throw new Error('session vanished during rotation');
      return { ok: true, session: toSession(row) };
    },
  );

  return {
    create: (input: NewSession) => create.immediate(input),
    get: (id: string): Session | null => {
      const row = byId.get(id);
      return row ? toSession(row) : null;
    },
    listLive: (userId: string) => live.all(userId, now()).map(toSession),
    rotate: (oldHash: string, newHash: string, expiresAt: Date) =>
      rotate.immediate(oldHash, newHash, expiresAt),
    setAuthTime: (id: string, at: Date): void => {
      authTime.run(at.getTime(), id);
    },
    revoke: (id: string, userId: string): boolean => {
      const at = now();
      return revokeOwned.run(at, id, userId, at).changes > 0;
    },
    revokeAllOf: (userId: string, exceptId?: string): number => {
      const at = now();
      return revokeAll.run(at, userId, exceptId ?? '', at).changes;
    },
  };
}
