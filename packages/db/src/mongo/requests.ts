import type { ClientSession, Filter } from 'mongodb';
import type { RequestsArea } from '../areas.ts';
import { DomainError } from '../errors.ts';
import { requestEvents } from '../events.ts';
import { userAccount } from '../ids.ts';
import type { Minor } from '../money.ts';
import type {
  MoneyRequest,
  NewMoneyRequest,
  PaidRequest,
  PayRequestInput,
  RequestStatus,
} from '../types.ts';
import { inLockedTransaction, isDuplicateKey, type MongoContext, nextId } from './context.ts';
import { money, toTransfer, type UserDoc } from './docs.ts';
import { writeEvents } from './events.ts';
import type { RequestDoc } from './feature-docs.ts';
import { laterId, newestId } from './newest.ts';
import { postInSession } from './posting.ts';

/** Same as the SQLite store's requestFingerprint. */
const sameRequest = (d: RequestDoc, i: NewMoneyRequest): boolean =>
  d.payerId === i.payerId &&
  d.amount === i.amount &&
  d.note === (i.note ?? '') &&
  d.ttlMs === i.ttlMs;

export const requestTransferKey = (requestId: string): string => `request:${requestId}`;

async function views(
  ctx: MongoContext,
  docs: readonly RequestDoc[],
  session?: ClientSession,
): Promise<MoneyRequest[]> {
  const ids = [...new Set(docs.flatMap((d) => [d.requesterId, d.payerId]))];
  const users = await ctx.col.users
    .find({ _id: { $in: ids } }, session ? { session } : {})
    .toArray();
  const byId = new Map<string, UserDoc>(users.map((u) => [u._id, u]));
  const now = ctx.now();
  return docs.map((d) => {
    const requester = byId.get(d.requesterId);
    const payer = byId.get(d.payerId);
    return {
      id: d._id,
      requesterId: d.requesterId,
      payerId: d.payerId,
      requesterAccountNumber: requester?.accountNumber ?? 0,
      payerAccountNumber: payer?.accountNumber ?? 0,
      requesterName: requester?.fullName ?? '',
      payerName: payer?.fullName ?? '',
      amount: money(d.amount),
      note: d.note,
      status: d.status === 'pending' && d.expiresAt.getTime() <= now ? 'expired' : d.status,
      createdAt: d.createdAt,
      expiresAt: d.expiresAt,
      settledAt: d.settledAt,
      transferId: d.transferId,
    };
  });
}

const one = async (ctx: MongoContext, d: RequestDoc, session?: ClientSession) =>
  (await views(ctx, [d], session))[0] as MoneyRequest;

const lockKeys = (d: { requesterId: string; payerId: string }) => [
  userAccount(d.payerId),
  userAccount(d.requesterId),
];

export async function createRequest(
  ctx: MongoContext,
  input: NewMoneyRequest,
): Promise<{ request: MoneyRequest; replayed: boolean }> {
  const replay = async () => {
    const earlier = await ctx.col.requests.findOne({
      requesterId: input.requesterId,
      createKey: input.idempotencyKey,
    });
    if (!earlier) return null;
    if (!sameRequest(earlier, input)) {
      throw new DomainError('IDEMPOTENCY_CONFLICT', 'idempotency key reused for another request');
    }
    return { request: await one(ctx, earlier), replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  const { amount } = input;
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > ctx.maxAmount) {
    throw new DomainError('INVALID_AMOUNT', `amount must be an integer in 1..${ctx.maxAmount}`);
  }
  if (input.payerId === input.requesterId) {
    throw new DomainError('SELF_TRANSFER', 'you cannot ask yourself for money');
  }
  try {
    return await inLockedTransaction(ctx, lockKeys(input), async (session) => {
      const found = await ctx.col.users.countDocuments(
        { _id: { $in: [input.payerId, input.requesterId] } },
        { session },
      );
      if (found !== 2) throw new DomainError('USER_NOT_FOUND', 'no such user');
      const setting = await ctx.col.requestSettings.findOne({ _id: input.payerId }, { session });
      if (setting?.enabled === false) {
        throw new DomainError('REQUESTS_OFF', 'this account does not take money requests');
      }
      const at = ctx.now();
      // Above the newest of both lists it appears in (newest.ts).
      const newest = laterId(
        await newestId(ctx.col.requests, { payerId: input.payerId }, session),
        await newestId(ctx.col.requests, { requesterId: input.requesterId }, session),
      );
      const doc: RequestDoc = {
        _id: nextId(at, newest),
        requesterId: input.requesterId,
        payerId: input.payerId,
        amount,
        note: input.note ?? '',
        status: 'pending',
        createdAt: new Date(at),
        expiresAt: new Date(at + input.ttlMs),
        settledAt: null,
        transferId: null,
        createKey: input.idempotencyKey,
        ttlMs: input.ttlMs,
        payKey: null,
      };
      await ctx.col.requests.insertOne(doc, { session });
      const request = await one(ctx, doc, session);
      await writeEvents(ctx, session, requestEvents(request));
      return { request, replayed: false };
    });
  } catch (e) {
    // A concurrent create with the same key committed first.
    if (!isDuplicateKey(e)) throw e;
    const again = await replay();
    if (!again) throw e;
    return again;
  }
}

export async function getRequest(ctx: MongoContext, id: string): Promise<MoneyRequest | null> {
  const doc = await ctx.col.requests.findOne({ _id: id });
  return doc ? one(ctx, doc) : null;
}

export async function listRequests(
  ctx: MongoContext,
  userId: string,
  direction: 'incoming' | 'outgoing',
  options: { status?: RequestStatus; limit?: number } = {},
): Promise<MoneyRequest[]> {
  const now = new Date(ctx.now());
  const filter: Filter<RequestDoc> =
    direction === 'incoming' ? { payerId: userId } : { requesterId: userId };
  if (options.status === 'expired')
    Object.assign(filter, { status: 'pending', expiresAt: { $lte: now } });
  else if (options.status === 'pending')
    Object.assign(filter, { status: 'pending', expiresAt: { $gt: now } });
  else if (options.status) Object.assign(filter, { status: options.status });
  const limit = Math.max(1, Math.min(options.limit ?? 100, 500));
  const docs = await ctx.col.requests.find(filter).sort({ _id: -1 }).limit(limit).toArray();
  return views(ctx, docs);
}

/** Reads the request, in the session, as `actorId` must see it; the checks of both stores. */
async function owned(
  ctx: MongoContext,
  session: ClientSession,
  id: string,
  actorId: string,
  role: 'payer' | 'requester',
  what: string,
): Promise<RequestDoc> {
  const doc = await ctx.col.requests.findOne({ _id: id }, { session });
  if (!doc || (doc.payerId !== actorId && doc.requesterId !== actorId)) {
    throw new DomainError('REQUEST_NOT_FOUND', 'no such request');
  }
  const party = role === 'payer' ? doc.payerId : doc.requesterId;
  if (party !== actorId) throw new DomainError('REQUEST_FORBIDDEN', `only the ${role} can ${what}`);
  return doc;
}

export async function payRequest(ctx: MongoContext, input: PayRequestInput): Promise<PaidRequest> {
  const found = await ctx.col.requests.findOne({ _id: input.requestId });
  if (!found) throw new DomainError('REQUEST_NOT_FOUND', 'no such request');
  return inLockedTransaction(ctx, lockKeys(found), async (session) => {
    const doc = await owned(ctx, session, input.requestId, input.payerId, 'payer', 'pay a request');
    if (doc.status === 'paid' && doc.payKey === input.idempotencyKey && doc.transferId) {
      const t = await ctx.col.transfers.findOne({ _id: doc.transferId }, { session });
      if (t)
        return { request: await one(ctx, doc, session), transfer: toTransfer(t), replayed: true };
    }
    if (doc.status !== 'pending') {
      throw new DomainError('REQUEST_NOT_PENDING', `the request is ${doc.status}`);
    }
    if (doc.expiresAt.getTime() <= ctx.now()) {
      throw new DomainError('REQUEST_EXPIRED', 'the request expired');
    }
    // The ledger key is the request's: even a racing writer in another process makes
    // the same key, and the conditional update below lets only one commit.
    const { transfer } = await postInSession(ctx, session, {
      kind: 'transfer',
      debit: userAccount(doc.payerId),
      credit: userAccount(doc.requesterId),
      amount: money(doc.amount) as Minor,
      note: doc.note,
      initiatorId: doc.payerId,
      idempotencyKey: requestTransferKey(doc._id),
      ...(input.alert ? { alert: input.alert } : {}),
    });
    const paid = await ctx.col.requests.findOneAndUpdate(
      { _id: doc._id, status: 'pending' },
      {
        $set: {
          status: 'paid',
          settledAt: new Date(ctx.now()),
          transferId: transfer.id,
          payKey: input.idempotencyKey,
        },
      },
      { session, returnDocument: 'after' },
    );
    if (!paid) throw new DomainError('REQUEST_NOT_PENDING', 'the request is no longer pending');
    const request = await one(ctx, paid, session);
    await writeEvents(ctx, session, requestEvents(request));
    return { request, transfer, replayed: false };
  });
}

export async function closeRequest(
  ctx: MongoContext,
  id: string,
  actorId: string,
  outcome: 'declined' | 'cancelled',
): Promise<MoneyRequest> {
  const found = await ctx.col.requests.findOne({ _id: id });
  if (!found) throw new DomainError('REQUEST_NOT_FOUND', 'no such request');
  const role = outcome === 'declined' ? 'payer' : 'requester';
  return inLockedTransaction(ctx, lockKeys(found), async (session) => {
    const what = outcome === 'declined' ? 'decline a request' : 'cancel a request';
    const doc = await owned(ctx, session, id, actorId, role, what);
    if (doc.status === outcome) return one(ctx, doc, session);
    if (doc.status !== 'pending') {
      throw new DomainError('REQUEST_NOT_PENDING', `the request is ${doc.status}`);
    }
    if (doc.expiresAt.getTime() <= ctx.now()) {
      throw new DomainError('REQUEST_EXPIRED', 'the request expired');
    }
    const closed = await ctx.col.requests.findOneAndUpdate(
      { _id: id, status: 'pending' },
      { $set: { status: outcome, settledAt: new Date(ctx.now()) } },
      { session, returnDocument: 'after' },
    );
    if (!closed) throw new DomainError('REQUEST_NOT_PENDING', 'the request is no longer pending');
    const request = await one(ctx, closed, session);
    await writeEvents(ctx, session, requestEvents(request));
    return request;
  });
}

export async function requestsEnabled(ctx: MongoContext, userId: string): Promise<boolean> {
  const doc = await ctx.col.requestSettings.findOne({ _id: userId });
  return doc?.enabled !== false;
}

export async function setRequestsEnabled(
  ctx: MongoContext,
  userId: string,
  enabled: boolean,
): Promise<void> {
  await ctx.col.requestSettings.updateOne({ _id: userId }, { $set: { enabled } }, { upsert: true });
}

/** The money-requests area. */
export function requests(ctx: MongoContext): RequestsArea {
  return {
    createRequest: (input) => createRequest(ctx, input),
    getRequest: (id) => getRequest(ctx, id),
    listRequests: (userId, direction, options) => listRequests(ctx, userId, direction, options),
    payRequest: (input) => payRequest(ctx, input),
    closeRequest: (id, actorId, outcome) => closeRequest(ctx, id, actorId, outcome),
    requestsEnabled: (userId) => requestsEnabled(ctx, userId),
    setRequestsEnabled: (userId, enabled) => setRequestsEnabled(ctx, userId, enabled),
  };
}
