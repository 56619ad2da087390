import type { CodePurpose, VerifyCodeResult } from '../types.ts';
import { againIfDuplicate, inLockedTransaction, type MongoContext } from './context.ts';

/** One-time codes, stored hashed by the caller; one per (purpose, subject). */
export async function putCode(
  ctx: MongoContext,
  purpose: CodePurpose,
  subject: string,
  codeHash: string,
  expiresAt: Date,
  attempts: number,
): Promise<void> {
  // The unique (purpose, subject) index makes a racing pair of upserts end in one
  // document; the loser's duplicate-key error (servers before 4.2 do not retry it
  // themselves) is answered by running it again, which then updates the winner's.
  await againIfDuplicate(() =>
    ctx.col.codes.updateOne(
      { purpose, subject },
      { $set: { codeHash, expiresAt, attemptsLeft: attempts } },
      { upsert: true },
    ),
  );
}

/**
 * As the SQLite store, in one transaction so concurrent checks of one code cannot
 * both consume it or both spend the same attempt (one conflicts and is retried).
 * At zero attempts the hash is wiped but the document stays: later tries say 'exhausted'.
 */
export function verifyCode(
  ctx: MongoContext,
  purpose: CodePurpose,
  subject: string,
  codeHash: string,
): Promise<VerifyCodeResult> {
  const lockKey = `code:${purpose}:${subject}`;
  return inLockedTransaction(ctx, [lockKey], async (session): Promise<VerifyCodeResult> => {
    const doc = await ctx.col.codes.findOne({ purpose, subject }, { session });
    if (!doc) return 'missing';
    if (doc.expiresAt.getTime() <= ctx.now()) {
      await ctx.col.codes.deleteOne({ _id: doc._id }, { session });
      return 'expired';
    }
    if (doc.attemptsLeft <= 0 || doc.codeHash === '') return 'exhausted';
    if (doc.codeHash === codeHash) {
      await ctx.col.codes.deleteOne({ _id: doc._id }, { session });
      return 'ok';
    }
    const last = doc.attemptsLeft <= 1;
    await ctx.col.codes.updateOne(
      { _id: doc._id },
      { $inc: { attemptsLeft: -1 }, ...(last ? { $set: { codeHash: '' } } : {}) },
      { session },
    );
    return 'wrong';
  });
}

export async function deleteCode(ctx: MongoContext, purpose: CodePurpose, subject: string) {
  await ctx.col.codes.deleteOne({ purpose, subject });
}
