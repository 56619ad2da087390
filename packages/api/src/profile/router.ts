import { z } from 'zod';
import { fullName } from '../shared/schemas.ts';
import { authedProcedure, router } from '../trpc.ts';
import { getProfile, updateProfile } from './profile.ts';

export const profileRouter = router({
  get: authedProcedure.query(({ ctx }) => getProfile(ctx)),
  update: authedProcedure
    .input(z.strictObject({ fullName: fullName.optional(), smsAlerts: z.boolean().optional() }))
    .mutation(({ ctx, input }) => updateProfile(ctx, input)),
});
