import { z } from 'zod';
import { accountNumber, amount, idempotencyKey, note } from '../shared/schemas.ts';
import { recentAuthProcedure, router } from '../trpc.ts';
import * as payments from './payments.ts';

const move = z.object({ amount, note, idempotencyKey });

/** Money movement: recent password proof and an idempotency key on every call. */
export const paymentsRouter = router({
  deposit: recentAuthProcedure
    .input(move)
    .mutation(({ ctx, input }) => payments.deposit(ctx, input)),
  withdraw: recentAuthProcedure
    .input(move)
    .mutation(({ ctx, input }) => payments.withdraw(ctx, input)),
  transfer: recentAuthProcedure
    .input(move.extend({ toAccountNumber: accountNumber }))
    .mutation(({ ctx, input }) => payments.transfer(ctx, input)),
});
