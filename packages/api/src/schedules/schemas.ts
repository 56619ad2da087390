import { SCHEDULE_FREQUENCIES, SCHEDULE_KINDS } from '@quickpay/db';
import { z } from 'zod';
import { accountNumber, amount, id, idempotencyKey, note } from '../shared/schemas.ts';

/** A calendar date 'YYYY-MM-DD'; whether it is in range is checked in functions.ts. */
const date = z.iso.date();

export const createScheduleInput = z
  .object({
    kind: z.enum(SCHEDULE_KINDS),
    toAccountNumber: accountNumber.optional(),
    goalId: id.optional(),
    amount,
    note,
    frequency: z.enum(SCHEDULE_FREQUENCIES),
    startDate: date,
    endDate: date.optional(),
    count: z.number().int().min(1).max(1000).optional(),
    idempotencyKey,
  })
  .superRefine((v, ctx) => {
    // Exactly the payee field the kind needs: a transfer names an account, a top-up a goal.
    const [needed, other] =
      v.kind === 'transfer'
        ? (['toAccountNumber', 'goalId'] as const)
        : (['goalId', 'toAccountNumber'] as const);
    if (v[needed] === undefined) {
      ctx.addIssue({ code: 'custom', path: [needed], message: `required for kind ${v.kind}` });
    }
    if (v[other] !== undefined) {
      ctx.addIssue({ code: 'custom', path: [other], message: `not allowed for kind ${v.kind}` });
    }
  });
export type CreateScheduleInput = z.infer<typeof createScheduleInput>;

export const scheduleIdInput = z.object({ scheduleId: id });

export const setRoundUpInput = z.object({ goalId: id, enabled: z.boolean() });
