import { z } from 'zod';
import { getProfile, updateProfile } from '../domain/profile.ts';
import { fullName } from '../domain/schemas.ts';
import { authedProcedure, router } from '../trpc.ts';

export const profileRouter = router({
  get: authedProcedure.query(({ ctx }) => getProfile(ctx, ctx.auth)),
  update: authedProcedure
    .input(z.strictObject({ fullName: fullName.optional(), smsAlerts: z.boolean().optional() }))
    .mutation(({ ctx, input }) => updateProfile(ctx, ctx.auth, input)),
});
