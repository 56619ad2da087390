import type { ClientSession } from 'mongodb';
import type { SessionsArea } from '../areas.ts';
import { DomainError } from '../errors.ts';
import { newSessionFields } from '../records.ts';
import { MAX_LIVE_SESSIONS, type RotateResult } from '../types.ts';
import { inLockedTransaction, inTransaction, type MongoContext, nextId } from './context.ts';
import { type SessionDoc, toSession, toUser } from './docs.ts';
import { newestId } from './newest.ts';

const userVersion = async (ctx: MongoContext, userId: string, session: ClientSession) =>
  (await ctx.col.users.findOne({ _id: userId }, { session, projection: { credentialVersion: 1 } }))
    ?.credentialVersion ?? 0;

export function sessions(ctx: MongoContext): SessionsArea {
  return {
    /**
     * The session and its first refresh token are written together, refused when the
     * user's credential version has moved. Snapshot isolation lets a setPassword commit
     * between this read and the insert; such a session carries the old version, so every
     * request and rotation (which compare it with the user's) refuses it.
     */
    createSession(input) {
      return inTransaction(ctx, async (session) => {
        if ((await userVersion(ctx, input.userId, session)) !== input.credentialVersion) {
          throw new DomainError('INVALID_CREDENTIALS', 'the password changed since it was checked');
        }
        const at = ctx.now();
        const newest = await newestId(ctx.col.sessions, { userId: input.userId }, session);
        const doc: SessionDoc = {
          _id: nextId(at, newest), // above the user's newest session (newest.ts)
          ...newSessionFields(input),
          createdAt: new Date(at),
          lastUsedAt: new Date(at),
          revokedAt: null,
        };
        await ctx.col.sessions.insertOne(doc, { session });
        await ctx.col.refreshTokens.insertOne(
          { _id: input.refreshHash, sessionId: doc._id, rotatedAt: null },
          { session },
        );
        // Beyond MAX_LIVE_SESSIONS the oldest live ones are revoked.
        const surplus = await ctx.col.sessions
          .find(
            { userId: input.userId, revokedAt: null, expiresAt: { $gt: new Date(at) } },
            { session, projection: { _id: 1 } },
          )
          .sort({ _id: -1 })
          .skip(MAX_LIVE_SESSIONS)
          .toArray();
        if (surplus.length > 0) {
          await ctx.col.sessions.updateMany(
            { _id: { $in: surplus.map((d) => d._id) }, revokedAt: null },
            { $set: { revokedAt: new Date(at) } },
            { session },
          );
        }
        return toSession(doc);
      });
    },

    async getSession(id) {
      const doc = await ctx.col.sessions.findOne({ _id: id });
      return doc ? toSession(doc) : null;
    },

    /** Live = not revoked and not expired; newest first (ids sort by creation time). */
    async listSessions(userId) {
      const docs = await ctx.col.sessions
        .find({ userId, revokedAt: null, expiresAt: { $gt: new Date(ctx.now()) } })
        .sort({ _id: -1 })
        .limit(MAX_LIVE_SESSIONS)
        .toArray();
      return docs.map(toSession);
    },

    /**
     * In one transaction, as the SQLite store: a hash that was already rotated away is a
     * reuse and revokes the whole family (committed: the callback returns, not throws).
     * Two rotations of one hash at once queue on the lock in one process; across processes
     * both write its token document, so one conflicts, is retried by withTransaction, and
     * then sees the hash rotated: a reuse.
     */
    rotateRefreshToken(oldHash, newHash, expiresAt) {
      return inLockedTransaction(
        ctx,
        [`refresh:${oldHash}`],
        async (session): Promise<RotateResult> => {
          const token = await ctx.col.refreshTokens.findOne({ _id: oldHash }, { session });
          const doc =
            token && (await ctx.col.sessions.findOne({ _id: token.sessionId }, { session }));
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
          if ((await userVersion(ctx, doc.userId, session)) !== (doc.credentialVersion ?? 0)) {
            await ctx.col.sessions.updateOne(
              { _id: doc._id, revokedAt: null },
              { $set: { revokedAt: at } },
              { session },
            );
            return { ok: false, reason: 'revoked' };
          }
          if (doc.expiresAt.getTime() <= at.getTime()) return { ok: false, reason: 'expired' };
          const absolute = doc.absoluteExpiresAt ?? doc.expiresAt;
          const nextExpiry = expiresAt.getTime() < absolute.getTime() ? expiresAt : absolute;
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
            { $set: { refreshHash: newHash, lastUsedAt: at, expiresAt: nextExpiry } },
            { session, returnDocument: 'after' },
          );
          if (!updated) throw new Error('session vanished during rotation');
          return { ok: true, session: toSession(updated) };
        },
      );
    },

    async setSessionAuthTime(id, authTime) {
      await ctx.col.sessions.updateOne({ _id: id }, { $set: { authTime } });
    },

    async revokeSession(id, userId) {
      const at = new Date(ctx.now());
      const res = await ctx.col.sessions.updateOne(
        { _id: id, userId, revokedAt: null, expiresAt: { $gt: at } },
        { $set: { revokedAt: at } },
      );
      return res.modifiedCount > 0;
    },

    async revokeUserSessions(userId, exceptId) {
      const at = new Date(ctx.now());
      const res = await ctx.col.sessions.updateMany(
        { userId, _id: { $ne: exceptId ?? '' }, revokedAt: null, expiresAt: { $gt: at } },
        { $set: { revokedAt: at } },
      );
      return res.modifiedCount;
    },

    /** As the SQLite store, in one transaction: new hash and version, others revoked, keeper re-stamped. */
    setPassword(userId, passwordHash, keepSessionId) {
      return inTransaction(ctx, async (session) => {
        const at = new Date(ctx.now());
        if (keepSessionId !== undefined) {
          // The caller's session must still be live on the current credential (both documents
          // are written below, so a concurrent change conflicts and this retries and re-checks).
          const keep = await ctx.col.sessions.findOne({ _id: keepSessionId }, { session });
          const ok =
            keep !== null &&
            keep.userId === userId &&
            keep.revokedAt === null &&
            keep.expiresAt.getTime() > at.getTime() &&
            (keep.credentialVersion ?? 0) === (await userVersion(ctx, userId, session));
          if (!ok) throw new DomainError('UNAUTHENTICATED', 'session expired, log in again');
        }
        const user = await ctx.col.users.findOneAndUpdate(
          { _id: userId },
          { $set: { passwordHash, passwordChangedAt: at }, $inc: { credentialVersion: 1 } },
          { session, returnDocument: 'after' },
        );
        if (!user) throw new DomainError('USER_NOT_FOUND', 'no such user');
        const res = await ctx.col.sessions.updateMany(
          { userId, _id: { $ne: keepSessionId ?? '' }, revokedAt: null, expiresAt: { $gt: at } },
          { $set: { revokedAt: at } },
          { session },
        );
        if (keepSessionId !== undefined) {
          await ctx.col.sessions.updateOne(
            { _id: keepSessionId, userId, revokedAt: null },
            { $set: { credentialVersion: user.credentialVersion ?? 0 } },
            { session },
          );
        }
        return { user: toUser(user), revokedSessions: res.modifiedCount };
      });
    },

    /** Deletes sessions expired or revoked before `before`, then tokens whose session is gone. */
    async pruneSessions(before) {
      const filter = { $or: [{ expiresAt: { $lte: before } }, { revokedAt: { $lte: before } }] };
      let pruned = 0;
      // In batches, so one call never holds a huge id list; safe to run on several instances.
      for (;;) {
        const ids = (
          await ctx.col.sessions
            .find(filter, { projection: { _id: 1 } })
            .limit(1000)
            .toArray()
        ).map((d) => d._id);
        if (ids.length === 0) return pruned;
        await ctx.col.refreshTokens.deleteMany({ sessionId: { $in: ids } });
        pruned += (await ctx.col.sessions.deleteMany({ _id: { $in: ids } })).deletedCount;
      }
    },
  };
}
