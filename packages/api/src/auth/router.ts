import { z } from 'zod';
import { accountNumber, fullName } from '../shared/schemas.ts';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';
import { logIn, signUp } from './login.ts';
import { requestPasswordReset, resetPassword } from './reset-codes.ts';
import * as s from './schemas.ts';
import * as sessions from './sessions.ts';

// 'body' puts the refresh token in the answer (no refresh cookie) for clients without cookies.
const tokenDelivery = z.enum(['cookie', 'body']).optional();
const logInInput = z.union([
  z.strictObject({ accountNumber: accountNumber, password: s.password, tokenDelivery }),
  z.strictObject({ phone: s.phone, password: s.password, tokenDelivery }),
]);
// Clients without cookies send the refresh token; browsers send nothing (qp_rt cookie).
const refreshInput = z.strictObject({ refreshToken: s.refreshToken.optional() }).optional();

export const authRouter = router({
  signUp: publicProcedure
    .input(
      z.strictObject({
        fullName: fullName,
        phone: s.phone,
        password: s.password,
        age: s.age.optional(),
        gender: s.gender.optional(),
        tokenDelivery,
      }),
    )
    .mutation(({ ctx, input }) => signUp(ctx, input)),
  logIn: publicProcedure.input(logInInput).mutation(({ ctx, input }) => logIn(ctx, input)),
  logOut: publicProcedure
    .input(refreshInput)
    .mutation(({ ctx, input }) => sessions.logOut(ctx, input?.refreshToken)),
  refresh: publicProcedure
    .input(refreshInput)
    .mutation(({ ctx, input }) => sessions.refresh(ctx, input?.refreshToken)),
  confirmPassword: authedProcedure
    .input(z.strictObject({ password: s.password }))
    .mutation(({ ctx, input }) => sessions.confirmPassword(ctx, ctx.auth, input.password)),
  changePassword: authedProcedure
    .input(z.strictObject({ currentPassword: s.password.optional(), newPassword: s.password }))
    .mutation(({ ctx, input }) => sessions.changePassword(ctx, ctx.auth, input)),
  sessions: authedProcedure.query(({ ctx }) => sessions.listSessions(ctx, ctx.auth)),
  revokeSession: authedProcedure
    .input(z.strictObject({ sessionId: s.sessionId }))
    .mutation(({ ctx, input }) => sessions.revokeSession(ctx, ctx.auth, input.sessionId)),
  requestPasswordReset: publicProcedure
    .input(z.strictObject({ phone: s.phone }))
    .mutation(({ ctx, input }) => requestPasswordReset(ctx, input.phone)),
  resetPassword: publicProcedure
    .input(z.strictObject({ phone: s.phone, code: s.code, newPassword: s.password }))
    .mutation(({ ctx, input }) => resetPassword(ctx, input)),
});
