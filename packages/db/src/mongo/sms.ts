import type { ClientSession, Filter } from 'mongodb';
import type { SmsArea } from '../areas.ts';
import { newSmsFields } from '../records.ts';
import type { NewSms, SmsMessage } from '../types.ts';
import { type MongoContext, nextId } from './context.ts';
import { type SmsDoc, toSms } from './docs.ts';

/**
 * Due at `at`: pending, or leased by a worker whose lease ran out. Messages this call
 * already leased are left out: with a lease of 0 ms one would be due again at once,
 * and the loop below would hand it out twice.
 */
export const dueFilter = (at: number, claimedIds: readonly string[]): Filter<SmsDoc> => ({
  status: { $in: ['pending', 'sending'] },
  nextAttemptAt: { $lte: new Date(at) },
  ...(claimedIds.length > 0 ? { _id: { $nin: [...claimedIds] } } : {}),
});

/** Oldest due first; the 'due_in_order' index holds this order after the status. */
export const CLAIM_ORDER = { nextAttemptAt: 1, _id: 1 } as const;

/**
 * Inserts an outbox message; with `session`, inside the caller's transaction (a
 * transfer's alert is written by the posting's transaction: posting.ts).
 */
export async function insertSms(
  ctx: MongoContext,
  input: NewSms,
  session?: ClientSession,
): Promise<SmsMessage> {
  const at = ctx.now();
  const doc: SmsDoc = {
    _id: nextId(at),
    ...newSmsFields(input, new Date(at)),
    nextAttemptAt: new Date(at),
    createdAt: new Date(at),
  };
  await ctx.col.smsOutbox.insertOne(doc, session ? { session } : {});
  return toSms(doc);
}

export function sms(ctx: MongoContext): SmsArea {
  const col = ctx.col.smsOutbox;
  return {
    enqueueSms: (input) => insertSms(ctx, input),

    /**
     * Leases due messages one findOneAndUpdate at a time: each is an atomic
     * read-and-mark, so two workers can never lease the same message. A 'sending'
     * message whose lease ran out belongs to a worker that died: it is due again.
     */
    async claimDueSms(limit, leaseMs) {
      const at = ctx.now();
      const claimed: SmsMessage[] = [];
      while (claimed.length < limit) {
        const doc = await col.findOneAndUpdate(
          dueFilter(
            at,
            claimed.map((m) => m.id),
          ),
          {
            $set: { status: 'sending', nextAttemptAt: new Date(at + leaseMs) },
            $inc: { attempts: 1 },
          },
          { sort: CLAIM_ORDER, returnDocument: 'after' },
        );
        if (!doc) break;
        claimed.push(toSms(doc));
      }
      return claimed;
    },

    async markSmsSent(id, providerId) {
      await col.updateOne(
        { _id: id },
        { $set: { status: 'sent', providerId, sentAt: new Date(ctx.now()), lastError: null } },
      );
    },

    /** retryAt null gives up ('failed'); otherwise the message is pending again at retryAt. */
    async markSmsFailed(id, error, retryAt) {
      await col.updateOne(
        { _id: id },
        {
          $set: retryAt
            ? { lastError: error, status: 'pending', nextAttemptAt: retryAt }
            : { lastError: error, status: 'failed' },
        },
      );
    },

    /** Newest first (ids sort by creation time). */
    async listSms(options) {
      const limit = Math.min(500, Math.max(1, Math.trunc(options?.limit ?? 50)));
      const filter = options?.to === undefined ? {} : { to: options.to };
      const docs = await col.find(filter).sort({ _id: -1 }).limit(limit).toArray();
      return docs.map(toSms);
    },
  };
}
