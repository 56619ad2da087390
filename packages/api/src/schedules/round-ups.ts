import { goalAccount, isDomainError, minor, type Transfer, userAccount } from '@quickpay/db';
import type { ApiDeps, ApiHooks, AuthedContext } from '../context.ts';

/** One whole major unit: round-ups fill the amount up to the next multiple of it. */
export const ROUND_UP_UNIT = 100;

/** The round-up deposit's key, derived from the transfer it follows: at most one each. */
export const roundUpKey = (transferId: string): string => `roundup/${transferId}`;

/**
 * After an outgoing transfer or withdrawal of the owner, moves the amount up to the
 * next whole unit into the owner's round-up goal, when there is one and the balance
 * allows. Idempotent (derived key), so calling it again for a replayed payment repairs
 * a round-up a crash lost. Never throws: the payment itself has already committed.
 */
export async function roundUpAfter(ctx: ApiDeps & ApiHooks, transfer: Transfer): Promise<void> {
  if (transfer.kind !== 'transfer' && transfer.kind !== 'withdrawal') return;
  const ownerId = transfer.initiatorId;
  if (transfer.debit.account !== userAccount(ownerId)) return;
  const rest = transfer.amount % ROUND_UP_UNIT;
  if (rest === 0) return;
  try {
    const goalId = await ctx.store.getRoundUpGoal(ownerId);
    if (!goalId) return;
    await ctx.store.postTransfer({
      kind: 'goal_deposit',
      debit: userAccount(ownerId),
      credit: goalAccount(goalId),
      amount: minor(ROUND_UP_UNIT - rest),
      note: 'Round-up',
      initiatorId: ownerId,
      idempotencyKey: roundUpKey(transfer.id),
    });
  } catch (error) {
    // Not enough left, or the goal closed meanwhile: no round-up this time.
    if (isDomainError(error, 'INSUFFICIENT_FUNDS') || isDomainError(error, 'GOAL_CLOSED')) return;
    ctx.logger?.warn(
      { err: error instanceof Error ? error.message : String(error), transferId: transfer.id },
      'round-up failed',
    );
  }
}

export async function setRoundUp(
  ctx: AuthedContext,
  input: { goalId: string; enabled: boolean },
): Promise<{ goalId: string; enabled: boolean }> {
  await ctx.store.setRoundUp(ctx.auth.user.id, input.goalId, input.enabled);
  const current = await ctx.store.getRoundUpGoal(ctx.auth.user.id);
  return { goalId: input.goalId, enabled: current === input.goalId };
}
