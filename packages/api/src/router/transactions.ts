import { z } from 'zod';
import { cursor, dateOrDateTime, id, transferKind } from '../money/schemas.ts';
import * as transactions from '../money/transactions.ts';
import { authedProcedure, router } from '../trpc.ts';

/** The caller's history, newest first, with a stable cursor. */
export const transactionsRouter = router({
  list: authedProcedure
    .input(
      z
        .object({
          cursor: cursor.optional(),
          limit: z.number().int().min(1).max(100).optional(),
          kind: z.union([transferKind, z.array(transferKind).min(1).max(6)]).optional(),
          from: dateOrDateTime.optional(),
          to: dateOrDateTime.optional(),
          // Control characters (a NUL breaks a MongoDB regex) are a bad request, not a 500.
          q: z
            .string()
            .max(100)
            .refine((s) => !/\p{Cc}/u.test(s), 'Search may not contain control characters')
            .optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => transactions.list(ctx, input ?? {})),
  get: authedProcedure
    .input(z.object({ id }))
    .query(({ ctx, input }) => transactions.get(ctx, input.id)),
});
