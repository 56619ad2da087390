import { REQUEST_STATUSES } from '@quickpay/db';
import { z } from 'zod';
import { accountNumber, amount, id, idempotencyKey, note } from '../shared/schemas.ts';
import { authedProcedure, recentAuthProcedure, router } from '../trpc.ts';
import * as requests from './requests.ts';

const requestId = z.object({ requestId: id });

/** Money requests: ask an account (or a payee) for money; the payer pays or declines. */
export const requestsRouter = router({
  create: authedProcedure
    .input(
      z
        .object({
          fromAccountNumber: accountNumber.optional(),
          contactId: id.optional(),
          amount,
          note,
          expiresInDays: z.number().int().min(1).max(30).optional(),
          idempotencyKey,
        })
        .refine((i) => (i.fromAccountNumber === undefined) !== (i.contactId === undefined), {
          message: 'give fromAccountNumber or contactId',
        }),
    )
    .mutation(({ ctx, input }) => requests.create(ctx, input)),
  list: authedProcedure
    .input(
      z.object({
        direction: z.enum(['incoming', 'outgoing']),
        status: z.enum(REQUEST_STATUSES).optional(),
      }),
    )
    .query(({ ctx, input }) => requests.list(ctx, input)),
  get: authedProcedure.input(requestId).query(({ ctx, input }) => requests.get(ctx, input)),
  pay: recentAuthProcedure
    .input(requestId.extend({ idempotencyKey }))
    .mutation(({ ctx, input }) => requests.pay(ctx, input)),
  decline: authedProcedure
    .input(requestId)
    .mutation(({ ctx, input }) => requests.decline(ctx, input)),
  cancel: authedProcedure
    .input(requestId)
    .mutation(({ ctx, input }) => requests.cancel(ctx, input)),
  settings: authedProcedure.query(({ ctx }) => requests.settings(ctx)),
  setEnabled: authedProcedure
    .input(z.object({ enabled: z.boolean() }))
    .mutation(({ ctx, input }) => requests.setEnabled(ctx, input)),
});
