import { type Goal, type GoalPatch, goalAccount, userAccount } from '@quickpay/db';
import type { AuthedContext } from '../context.ts';
import { fail } from '../errors.ts';
import { type PaymentResult, paymentResult } from '../payments/payments.ts';
import { requireAmount } from '../shared/amount.ts';
import { type GoalView, goalView, transferView } from '../shared/views.ts';

export interface GoalFields {
  name: string;
  targetAmount: number;
  color?: string | undefined;
  description?: string | undefined;
  /** null clears it (update only). */
  targetDate?: string | null | undefined;
}

const toDate = (s: string | null | undefined): Date | null | undefined =>
  s === undefined || s === null ? s : new Date(s);

/**
 * Tells the owner's live stream (events.subscribe) that a goal was created, changed or
 * closed. Money moving in or out of a goal has its own event, written with the money;
 * this one follows the store's answer, so a crash right here can lose it, never falsify it.
 */
async function announceGoal(
  ctx: AuthedContext,
  goal: Goal,
  change: 'created' | 'updated' | 'closed',
): Promise<void> {
  try {
    await ctx.store.appendEvent({
      userId: ctx.auth.user.id,
      type: 'goal',
      payload: { goalId: goal.id, change, name: goal.name, status: goal.status },
    });
  } catch (error) {
    ctx.logger?.warn({ err: String(error), goalId: goal.id }, 'goal event not written');
  }
}

export async function createGoal(ctx: AuthedContext, input: GoalFields): Promise<GoalView> {
  const goal = await ctx.store.createGoal({
    ownerId: ctx.auth.user.id,
    name: input.name,
    targetAmount: requireAmount(ctx.config, input.targetAmount),
    ...(input.color !== undefined && { color: input.color }),
    ...(input.description !== undefined && { description: input.description }),
    targetDate: toDate(input.targetDate) ?? null,
  });
  await announceGoal(ctx, goal, 'created');
  return goalView(goal);
}

/** The caller's goals, newest first; closed ones only when asked. */
export async function listGoals(
  ctx: AuthedContext,
  input: { includeClosed?: boolean | undefined } = {},
): Promise<GoalView[]> {
  const goals = await ctx.store.listGoals(ctx.auth.user.id, {
    includeClosed: input.includeClosed ?? false,
  });
  return goals.map(goalView);
}

export async function updateGoal(
  ctx: AuthedContext,
  { goalId, ...input }: Partial<GoalFields> & { goalId: string },
): Promise<GoalView> {
  const patch: GoalPatch = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.targetAmount !== undefined) {
    patch.targetAmount = requireAmount(ctx.config, input.targetAmount);
  }
  if (input.color !== undefined) patch.color = input.color;
  if (input.description !== undefined) patch.description = input.description;
  const targetDate = toDate(input.targetDate);
  if (targetDate !== undefined) patch.targetDate = targetDate;
  const goal = await ctx.store.updateGoal(goalId, ctx.auth.user.id, patch);
  await announceGoal(ctx, goal, 'updated');
  return goalView(goal);
}

/** The caller's goal, open or closed; GOAL_NOT_FOUND for anyone else's (never reveal it exists). */
async function ownGoal(ctx: AuthedContext, goalId: string): Promise<Goal> {
  const goal = await ctx.store.getGoal(goalId);
  if (!goal || goal.ownerId !== ctx.auth.user.id) fail('GOAL_NOT_FOUND', 'No such goal');
  return goal;
}

export interface GoalMoveInput {
  goalId: string;
  amount: number;
  note?: string | undefined;
  idempotencyKey: string;
}

export type GoalMoveResult = PaymentResult & { goal: GoalView };

/** Main account -> goal. */
export const depositToGoal = (ctx: AuthedContext, input: GoalMoveInput) =>
  moveGoal(ctx, 'in', input);
/** Goal -> main account. */
export const withdrawFromGoal = (ctx: AuthedContext, input: GoalMoveInput) =>
  moveGoal(ctx, 'out', input);

/** Main account <-> goal. Closed goals are refused by the store (GOAL_CLOSED); replays still answer. */
async function moveGoal(
  ctx: AuthedContext,
  direction: 'in' | 'out',
  input: GoalMoveInput,
): Promise<GoalMoveResult> {
  const amount = requireAmount(ctx.config, input.amount);
  await ownGoal(ctx, input.goalId);
  const main = userAccount(ctx.auth.user.id);
  const goal = goalAccount(input.goalId);
  const posted = await ctx.store.postTransfer({
    kind: direction === 'in' ? 'goal_deposit' : 'goal_withdrawal',
    debit: direction === 'in' ? main : goal,
    credit: direction === 'in' ? goal : main,
    amount,
    note: input.note ?? '',
    initiatorId: ctx.auth.user.id,
    idempotencyKey: input.idempotencyKey,
  });
  return { ...paymentResult(posted, main), goal: goalView(await ownGoal(ctx, input.goalId)) };
}

/** Refunds everything saved to the main account and closes the goal, idempotently. */
export async function closeGoal(
  ctx: AuthedContext,
  { goalId, idempotencyKey }: { goalId: string; idempotencyKey: string },
) {
  await ownGoal(ctx, goalId);
  const closed = await ctx.store.closeGoal({ goalId, ownerId: ctx.auth.user.id, idempotencyKey });
  if (!closed.replayed) await announceGoal(ctx, closed.goal, 'closed');
  const main = userAccount(ctx.auth.user.id);
  return {
    refunded: closed.refunded as number,
    balance: closed.balance as number,
    goal: goalView(closed.goal),
    transfer: closed.transfer ? transferView(closed.transfer, main) : null,
    replayed: closed.replayed,
  };
}
