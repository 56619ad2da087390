import { z } from 'zod';
import { setRoundUp } from '../schedules/round-ups.ts';
import { setRoundUpInput } from '../schedules/schemas.ts';
import { amount, dateOrDateTime, id, idempotencyKey, note } from '../shared/schemas.ts';
import { plainText } from '../shared/text.ts';
import { authedProcedure, recentAuthProcedure, router } from '../trpc.ts';
import * as savings from './savings.ts';

const fields = z.object({
  name: plainText(60, 1, 'Name'),
  targetAmount: amount,
  color: z
    .string()
    .trim()
    .regex(/^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20})$/, 'a hex colour like #2563eb or a CSS colour name')
    .optional(),
  description: plainText(500, 0, 'Description').optional(),
  targetDate: dateOrDateTime.optional(),
});
const move = z.object({ goalId: id, amount, note, idempotencyKey });

/** Savings goals, each with its own ledger account. Another user's goal is GOAL_NOT_FOUND. */
export const savingsRouter = router({
  list: authedProcedure
    .input(z.object({ includeClosed: z.boolean().optional() }).optional())
    .query(({ ctx, input }) => savings.listGoals(ctx, input)),
  create: authedProcedure
    .input(fields)
    .mutation(({ ctx, input }) => savings.createGoal(ctx, input)),
  update: authedProcedure
    .input(
      fields.partial().extend({ goalId: id, targetDate: dateOrDateTime.nullable().optional() }),
    )
    .mutation(({ ctx, input }) => savings.updateGoal(ctx, input)),
  deposit: recentAuthProcedure
    .input(move)
    .mutation(({ ctx, input }) => savings.depositToGoal(ctx, input)),
  withdraw: recentAuthProcedure
    .input(move)
    .mutation(({ ctx, input }) => savings.withdrawFromGoal(ctx, input)),
  // No step-up: closing only returns savings to the owner's own account, and the
  // legacy savingsDelete (which has no password field) must keep working.
  close: authedProcedure
    .input(z.object({ goalId: id, idempotencyKey }))
    .mutation(({ ctx, input }) => savings.closeGoal(ctx, input)),
  // At most one goal collects round-ups; turning one on turns any other off.
  setRoundUp: authedProcedure
    .input(setRoundUpInput)
    .mutation(({ ctx, input }) => setRoundUp(ctx, input)),
});
