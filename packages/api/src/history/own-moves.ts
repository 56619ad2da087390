import { type DateRange, type FlowSums, goalAccount, type Minor, type UserId } from '@quickpay/db';
import type { AuthedContext } from '../context.ts';

/**
 * Money moved between the user's main account and their own savings goals, per range,
 * as seen from the main account (income: back from goals; expense <= 0: into goals).
 * Goals only ever trade with their owner's main account, so a goal's own flows are
 * exactly these moves; each goal account is small, and its sums read the same
 * covering indexes as the main account's.
 */
export async function ownGoalMoves(
  ctx: AuthedContext,
  ownerId: UserId,
  ranges: DateRange[],
): Promise<FlowSums[]> {
  const goals = await ctx.store.listGoals(ownerId, { includeClosed: true });
  const perGoal = await Promise.all(
    goals.map((g) => ctx.store.flowSums(goalAccount(g.id), ranges)),
  );
  return ranges.map((_, i) => {
    let income = 0;
    let expense = 0;
    for (const sums of perGoal) {
      income -= sums[i]?.expense ?? 0; // money out of a goal came back to the main account
      expense -= sums[i]?.income ?? 0; // money into a goal left the main account
    }
    return { income: income as Minor, expense: expense as Minor };
  });
}

/** Money in and out with the world: the main account's flows less moves with own goals. */
export const withoutOwnMoves = (flows: FlowSums[], own: FlowSums[]): FlowSums[] =>
  flows.map((f, i) => ({
    income: (f.income - (own[i]?.income ?? 0)) as Minor,
    expense: (f.expense - (own[i]?.expense ?? 0)) as Minor,
  }));
