import type { Filter } from 'mongodb';
import type { NewSms, SmsMessage } from '../types.ts';
import { type MongoContext, nextId } from './context.ts';
import { type SmsDoc, toSms } from './docs.ts';

export async function enqueueSms(ctx: MongoContext, input: NewSms): Promise<SmsMessage> {
  const at = ctx.now();
  const doc: SmsDoc = {
    _id: nextId(at),
    to: input.to,
    body: input.body,
    purpose: input.purpose,
    status: input.status,
    attempts: input.status === 'sent' ? 1 : 0,
    nextAttemptAt: new Date(at),
    lastError: null,
    providerId: input.providerId ?? null,
    createdAt: new Date(at),
    sentAt: input.status === 'pending' ? null : new Date(at),
  };
  await ctx.col.smsOutbox.insertOne(doc);
  return toSms(doc);
}

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
 * Leases due messages one findOneAndUpdate at a time: each is an atomic
 * read-and-mark, so two workers can never lease the same message. A 'sending'
 * message whose lease ran out belongs to a worker that died: it is due again.
 */
export async function claimDueSms(
  ctx: MongoContext,
  limit: number,
  leaseMs: number,
): Promise<SmsMessage[]> {
  const at = ctx.now();
  const claimed: SmsMessage[] = [];
  while (claimed.length < limit) {
    const doc = await ctx.col.smsOutbox.findOneAndUpdate(
      dueFilter(
        at,
        claimed.map((m) => m.id),
      ),
      { $set: { status: 'sending', nextAttemptAt: new Date(at + leaseMs) }, $inc: { attempts: 1 } },
      { sort: CLAIM_ORDER, returnDocument: 'after' },
    );
    if (!doc) break;
    claimed.push(toSms(doc));
  }
  return claimed;
}

export async function markSmsSent(ctx: MongoContext, id: string, providerId: string | null) {
  await ctx.col.smsOutbox.updateOne(
    { _id: id },
    { $set: { status: 'sent', providerId, sentAt: new Date(ctx.now()), lastError: null } },
  );
}

/** retryAt null gives up ('failed'); otherwise the message is pending again at retryAt. */
export async function markSmsFailed(
  ctx: MongoContext,
  id: string,
  error: string,
  retryAt: Date | null,
) {
  await ctx.col.smsOutbox.updateOne(
    { _id: id },
    {
      $set: retryAt
        ? { lastError: error, status: 'pending', nextAttemptAt: retryAt }
        : { lastError: error, status: 'failed' },
    },
  );
}

/** Newest first (ids sort by creation time). */
export async function listSms(
  ctx: MongoContext,
  options?: { to?: string; limit?: number },
): Promise<SmsMessage[]> {
  const limit = Math.min(500, Math.max(1, Math.trunc(options?.limit ?? 50)));
  const filter = options?.to === undefined ? {} : { to: options.to };
  const docs = await ctx.col.smsOutbox.find(filter).sort({ _id: -1 }).limit(limit).toArray();
  return docs.map(toSms);
}
