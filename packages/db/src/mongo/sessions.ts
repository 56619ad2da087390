import type { SessionId, UserId } from '../ids.ts';
import type { NewSession, RotateResult, Session } from '../types.ts';
import { inLockedTransaction, inTransaction, type MongoContext, nextId } from './context.ts';
import { type SessionDoc, toSession } from './docs.ts';

/** The session and its first refresh token are written together. */
export function createSession(ctx: MongoContext, input: NewSession): Promise<Session> {
  return inTransaction(ctx, async (session) => {
    const at = ctx.now();
    const doc: SessionDoc = {
      _id: nextId(at),
      userId: input.userId,
      refreshHash: input.refreshHash,
      createdAt: new Date(at),
      lastUsedAt: new Date(at),
      expiresAt: input.expiresAt,
      authTime: input.authTime,
      revokedAt: null,
      userAgent: input.userAgent ?? '',
      ip: input.ip ?? '',
    };
    await ctx.col.sessions.insertOne(doc, { session });
    await ctx.col.refreshTokens.insertOne(
      { _id: input.refreshHash, sessionId: doc._id, rotatedAt: null },
      { session },
    );
    return toSession(doc);
  });
}

export async function getSession(ctx: MongoContext, id: SessionId): Promise<Session | null> {
  const doc = await ctx.col.sessions.findOne({ _id: id });
  return doc ? toSession(doc) : null;
}

/** Live = not revoked and not expired; newest first (ids sort by creation time). */
export async function listSessions(ctx: MongoContext, userId: UserId): Promise<Session[]> {
  const docs = await ctx.col.sessions
    .find({ userId, revokedAt: null, expiresAt: { $gt: new Date(ctx.now()) } })
    .sort({ _id: -1 })
    .toArray();
  return docs.map(toSession);
}

/**
 * In one transaction, as the SQLite store: a hash that was already rotated away is a
 * reuse and revokes the whole family (committed: the callback returns, not throws).
 * Two rotations of one hash at once queue on the lock in one process; across processes
 * both write its token document, so one conflicts, is retried by withTransaction, and
 * then sees the hash rotated: a reuse.
 */
export function rotateRefreshToken(
  ctx: MongoContext,
  oldHash: string,
  newHash: string,
  expiresAt: Date,
): Promise<RotateResult> {
  return inLockedTransaction(
    ctx,
    [`refresh:${oldHash}`],
    async (session): Promise<RotateResult> => {
      const token = await ctx.col.refreshTokens.findOne({ _id: oldHash }, { session });
      const doc = token && (await ctx.col.sessions.findOne({ _id: token.sessionId }, { session }));
      if (!token || !doc) return { ok: false, reason: 'unknown' };
      const at = new Date(ctx.now());
      if (token.rotatedAt !== null) {
        await ctx.col.sessions.updateOne(
          { _id: doc._id, revokedAt: null },
          { $set: { revokedAt: at } },
          { session },
        );
        return { ok: false, reason: 'reused' };
      }
      if (doc.revokedAt !== null) return { ok: false, reason: 'revoked' };
      if (doc.expiresAt.getTime() <= at.getTime()) return { ok: false, reason: 'expired' };
      await ctx.col.refreshTokens.updateOne(
        { _id: oldHash, rotatedAt: null },
        { $set: { rotatedAt: at } },
        { session },
      );
      await ctx.col.refreshTokens.insertOne(
        { _id: newHash, sessionId: doc._id, rotatedAt: null },
        { session },
      );
      const updated = await ctx.col.sessions.findOneAndUpdate(
        { _id: doc._id },
        { $set: { refreshHash: newHash, lastUsedAt: at, expiresAt } },
        { session, returnDocument: 'after' },
      );
      if (!updated) throw new Error('session vanished during rotation');
      return { ok: true, session: toSession(updated) };
    },
  );
}

export async function setSessionAuthTime(ctx: MongoContext, id: SessionId, authTime: Date) {
  await ctx.col.sessions.updateOne({ _id: id }, { $set: { authTime } });
}

export async function revokeSession(
  ctx: MongoContext,
  id: SessionId,
  userId: UserId,
): Promise<boolean> {
  const at = new Date(ctx.now());
  const res = await ctx.col.sessions.updateOne(
    { _id: id, userId, revokedAt: null, expiresAt: { $gt: at } },
    { $set: { revokedAt: at } },
  );
  return res.modifiedCount > 0;
}

export async function revokeUserSessions(
  ctx: MongoContext,
  userId: UserId,
  exceptId?: SessionId,
): Promise<number> {
  const at = new Date(ctx.now());
  const res = await ctx.col.sessions.updateMany(
    { userId, _id: { $ne: exceptId ?? '' }, revokedAt: null, expiresAt: { $gt: at } },
    { $set: { revokedAt: at } },
  );
  return res.modifiedCount;
}
