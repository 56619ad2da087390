import { DomainError } from '../errors.ts';
import type { UserId } from '../ids.ts';
import type { MongoContext } from './context.ts';

/** Which goal collects an owner's round-ups (at most one). */
export async function getRoundUpGoal(ctx: MongoContext, ownerId: UserId): Promise<string | null> {
  return (await ctx.col.roundUps.findOne({ _id: ownerId }))?.goalId ?? null;
}

export async function setRoundUp(
  ctx: MongoContext,
  ownerId: UserId,
  goalId: string,
  enabled: boolean,
): Promise<void> {
  const goal = await ctx.col.goals.findOne({ _id: goalId });
  if (!goal || goal.ownerId !== ownerId) throw new DomainError('GOAL_NOT_FOUND', 'no such goal');
  if (!enabled) {
    await ctx.col.roundUps.deleteOne({ _id: ownerId, goalId });
    return;
  }
  if (goal.status !== 'active') throw new DomainError('GOAL_CLOSED', 'the goal is closed');
  await ctx.col.roundUps.updateOne(
    { _id: ownerId },
    { $set: { goalId, updatedAt: new Date(ctx.now()) } },
    { upsert: true },
  );
}

/** The area factory (./areas.ts): the functions above on one context. */
