import type { CodesArea } from '../areas.ts';
import { judgeCode } from '../rules.ts';
import type { VerifyCodeResult } from '../types.ts';
import { againIfDuplicate, inLockedTransaction, type MongoContext } from './context.ts';

/** One-time codes, stored hashed by the caller; one per (purpose, subject). */
export function codes(ctx: MongoContext): CodesArea {
  const col = ctx.col.codes;
  return {
    async putCode(purpose, subject, codeHash, expiresAt, attempts) {
      // The unique (purpose, subject) index makes a racing pair of upserts end in one
      // document; the loser's duplicate-key error (servers before 4.2 do not retry it
      // themselves) is answered by running it again, which then updates the winner's.
      await againIfDuplicate(() =>
        col.updateOne(
          { purpose, subject },
          { $set: { codeHash, expiresAt, attemptsLeft: attempts } },
          { upsert: true },
        ),
      );
    },

    /**
     * In one transaction, so concurrent checks of one code cannot both consume it or
     * both spend the same attempt (one conflicts and is retried).
     */
    verifyCode(purpose, subject, codeHash) {
      const lockKey = `code:${purpose}:${subject}`;
      return inLockedTransaction(ctx, [lockKey], async (session): Promise<VerifyCodeResult> => {
        const doc = await col.findOne({ purpose, subject }, { session });
        const stored = doc && { ...doc, expiresAt: doc.expiresAt.getTime() };
        const result = judgeCode(stored, codeHash, ctx.now());
        if (doc && (result === 'ok' || result === 'expired')) {
          await col.deleteOne({ _id: doc._id }, { session });
        } else if (doc && result === 'wrong') {
          const last = doc.attemptsLeft <= 1;
          await col.updateOne(
            { _id: doc._id },
            { $inc: { attemptsLeft: -1 }, ...(last ? { $set: { codeHash: '' } } : {}) },
            { session },
          );
        }
        return result;
      });
    },

    async deleteCode(purpose, subject) {
      await col.deleteOne({ purpose, subject });
    },
  };
}
