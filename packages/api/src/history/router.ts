import { z } from 'zod';
import { cursor, dateOrDateTime, id, transferKind } from '../shared/schemas.ts';
import { authedProcedure, router } from '../trpc.ts';
import { dashboard } from './dashboard.ts';
import { summary } from './summary.ts';
import * as transactions from './transactions.ts';

/** The home screen's figures (procedure names `account.*`). */
export const accountRouter = router({
  /** Everything the home screen shows, in one round trip. */
  dashboard: authedProcedure.query(({ ctx }) => dashboard(ctx)),
  /** Balances and totals without the series and lists (the legacy history pages). */
  summary: authedProcedure.query(({ ctx }) => summary(ctx)),
});

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
    .query(({ ctx, input }) => transactions.get(ctx, input)),
});
