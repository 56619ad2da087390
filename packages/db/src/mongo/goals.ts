import type { ClientSession } from 'mongodb';
import type { GoalsArea } from '../areas.ts';
import { DomainError } from '../errors.ts';
import { type GoalId, goalAccount, type UserId, userAccount } from '../ids.ts';
import type { Minor } from '../money.ts';
import { newGoalFields } from '../records.ts';
import { accountNotFound, mergeGoalPatch } from '../rules.ts';
import type { ClosedGoal, CloseGoalInput, Goal, NewGoal, Transfer } from '../types.ts';
import {
  againIfDuplicate,
  inLockedTransaction,
  inTransaction,
  type MongoContext,
  nextId,
} from './context.ts';
import { type AccountDoc, type GoalDoc, money, toGoal, toTransfer } from './docs.ts';
import { newestId } from './newest.ts';
import { postInSession } from './posting.ts';
import { ZERO_TOTALS } from './totals.ts';

const opts = (session?: ClientSession) => (session ? { session } : {});

async function balanceOf(ctx: MongoContext, id: GoalId, session?: ClientSession): Promise<number> {
  const account = await ctx.col.ledgerAccounts.findOne({ _id: goalAccount(id) }, opts(session));
  return account?.balance ?? 0;
}

/** The goal if it exists and belongs to ownerId; GOAL_NOT_FOUND otherwise (no existence leak). */
async function owned(ctx: MongoContext, session: ClientSession, id: GoalId, ownerId: UserId) {
  const doc = await ctx.col.goals.findOne({ _id: id }, { session });
  if (!doc || doc.ownerId !== ownerId) throw new DomainError('GOAL_NOT_FOUND', 'no such goal');
  return doc;
}

function createGoal(ctx: MongoContext, input: NewGoal): Promise<Goal> {
  return inTransaction(ctx, async (session) => {
    if (!(await ctx.col.users.findOne({ _id: input.ownerId }, { session }))) {
      throw new DomainError('USER_NOT_FOUND', 'no such user');
    }
    const at = ctx.now();
    const newest = await newestId(ctx.col.goals, { ownerId: input.ownerId }, session);
    const doc: GoalDoc = {
      _id: nextId(at, newest), // above the owner's newest goal (newest.ts)
      ...newGoalFields(input),
      status: 'active',
      createdAt: new Date(at),
      closedAt: null,
      closeKey: null,
      closeRefunded: null,
      closeTransferId: null,
      closeBalance: null,
    };
    const account: AccountDoc = {
      _id: goalAccount(doc._id),
      type: 'goal',
      ownerId: input.ownerId,
      label: input.name,
      accountNumber: null,
      balance: 0,
      status: 'active',
      ...ZERO_TOTALS,
    };
    await ctx.col.goals.insertOne(doc, { session });
    await ctx.col.ledgerAccounts.insertOne(account, { session });
    return toGoal(doc, 0);
  });
}

export function goals(ctx: MongoContext): GoalsArea {
  return {
    createGoal: (input) => createGoal(ctx, input),

    async getGoal(id) {
      const doc = await ctx.col.goals.findOne({ _id: id });
      return doc ? toGoal(doc, await balanceOf(ctx, id)) : null;
    },

    /** Newest first (ids sort by creation time); balances fetched in one query. */
    async listGoals(ownerId, options) {
      const docs = await ctx.col.goals
        .find(options?.includeClosed ? { ownerId } : { ownerId, status: 'active' })
        .sort({ _id: -1 })
        .toArray();
      if (docs.length === 0) return [];
      const accounts = await ctx.col.ledgerAccounts
        .find({ _id: { $in: docs.map((d) => goalAccount(d._id)) } })
        .toArray();
      const balances = new Map(accounts.map((a) => [a._id, a.balance]));
      return docs.map((d) => toGoal(d, balances.get(goalAccount(d._id)) ?? 0));
    },

    updateGoal: (id, ownerId, patch) =>
      inTransaction(ctx, async (session) => {
        const doc = await owned(ctx, session, id, ownerId);
        if (doc.status === 'closed') throw new DomainError('GOAL_CLOSED', 'the goal is closed');
        const next = mergeGoalPatch(doc, patch);
        const { _id, ...fields } = next;
        // Always write, even an unchanged goal: a concurrent close then conflicts and retries.
        await ctx.col.goals.updateOne({ _id }, { $set: fields }, { session });
        if (next.name !== doc.name) {
          await ctx.col.ledgerAccounts.updateOne(
            { _id: goalAccount(id) },
            { $set: { label: next.name } },
            { session },
          );
        }
        return toGoal(next, await balanceOf(ctx, id, session));
      }),

    closeGoal: (input) => closeGoal(ctx, input),
  };
}

/**
 * Refund and close in one transaction; the stored result answers replays of the key.
 * The refund debits the goal's account and closing writes it too, so a deposit racing
 * the close conflicts with it and, retried, sees the account closed (GOAL_CLOSED).
 */
function closeGoal(ctx: MongoContext, input: CloseGoalInput): Promise<ClosedGoal> {
  // The refund's key can collide with a transfer committed meanwhile under the same key
  // (a duplicate-key error, not a transient one): the second run finds that transfer
  // and refuses with IDEMPOTENCY_CONFLICT, or sees the goal closed, as postTransfer does.
  return againIfDuplicate(() => closeOnce(ctx, input));
}

function closeOnce(ctx: MongoContext, input: CloseGoalInput): Promise<ClosedGoal> {
  // The refund's accounts, as postTransfer locks them (the owner is checked inside).
  const keys = [goalAccount(input.goalId), userAccount(input.ownerId)];
  return inLockedTransaction(ctx, keys, async (session) => {
    const doc = await owned(ctx, session, input.goalId, input.ownerId);
    if (doc.status === 'closed') {
      if (doc.closeKey !== input.idempotencyKey) {
        throw new DomainError('GOAL_CLOSED', 'the goal is already closed');
      }
      const earlier = doc.closeTransferId
        ? await ctx.col.transfers.findOne({ _id: doc.closeTransferId }, { session })
        : null;
      return {
        goal: toGoal(doc, await balanceOf(ctx, doc._id, session)),
        refunded: money(doc.closeRefunded ?? 0),
        transfer: earlier ? toTransfer(earlier) : null,
        balance: money(doc.closeBalance ?? 0),
        replayed: true,
      };
    }
    const saved = money(await balanceOf(ctx, doc._id, session));
    const main = userAccount(doc.ownerId);
    let transfer: Transfer | null = null;
    let balance: Minor;
    if (saved > 0) {
      const posted = await postInSession(ctx, session, {
        kind: 'goal_refund',
        debit: goalAccount(doc._id),
        credit: main,
        amount: saved,
        note: `Closed goal: ${doc.name}`,
        initiatorId: input.ownerId,
        idempotencyKey: input.idempotencyKey,
      });
      transfer = posted.transfer;
      balance = transfer.credit.balanceAfter;
    } else {
      const account = await ctx.col.ledgerAccounts.findOne({ _id: main }, { session });
      if (!account) throw accountNotFound(main);
      balance = money(account.balance);
    }
    const closed: GoalDoc = {
      ...doc,
      status: 'closed',
      closedAt: new Date(ctx.now()),
      closeKey: input.idempotencyKey,
      closeRefunded: saved,
      closeTransferId: transfer?.id ?? null,
      closeBalance: balance,
    };
    const { _id, ...fields } = closed;
    // status: 'active' in the filter: a close that lost a race writes nothing.
    const res = await ctx.col.goals.updateOne(
      { _id, status: 'active' },
      { $set: fields },
      { session },
    );
    if (res.modifiedCount !== 1) throw new Error(`goal ${_id} changed during its close`);
    await ctx.col.ledgerAccounts.updateOne(
      { _id: goalAccount(_id) },
      { $set: { status: 'closed' } },
      { session },
    );
    return {
      goal: toGoal(closed, await balanceOf(ctx, _id, session)),
      refunded: saved,
      transfer,
      balance,
      replayed: false,
    };
  });
}
