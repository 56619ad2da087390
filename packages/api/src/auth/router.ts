import { z } from 'zod';
import { fullName } from '../shared/schemas.ts';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';
import { deliver, forgettingOnRefusal, keepAccessToken } from './delivery.ts';
import { logIn, signUp } from './login.ts';
import { requestPasswordReset, resetPassword } from './reset-codes.ts';
import * as s from './schemas.ts';
import * as sessions from './sessions.ts';

const { tokenDelivery } = s;
// Clients without cookies send the refresh token; browsers send nothing (their transport holds it).
const refreshInput = z.strictObject({ refreshToken: s.refreshToken.optional() }).optional();

/**
 * Sign-up, log-in and sessions. The functions return tokens; `deliver` hands them to
 * the caller's transport (which sets cookies) and shapes the answer.
 */
export const authRouter = router({
  signUp: publicProcedure
    .input(
      z.strictObject({
        fullName,
        phone: s.phone,
        password: s.password,
        age: s.age.optional(),
        gender: s.gender.optional(),
        tokenDelivery,
      }),
    )
    .mutation(async ({ ctx, input: { tokenDelivery, ...input } }) =>
      deliver(ctx, await signUp(ctx, input), tokenDelivery),
    ),
  logIn: publicProcedure
    .input(s.logInInput)
    .mutation(async ({ ctx, input: { tokenDelivery, ...input } }) =>
      deliver(ctx, await logIn(ctx, input), tokenDelivery),
    ),
  logOut: publicProcedure.input(refreshInput).mutation(async ({ ctx, input }) => {
    const refreshToken = input?.refreshToken ?? ctx.channel?.refreshToken;
    const result = await sessions.logOut(ctx, { refreshToken });
    ctx.channel?.forget();
    return result;
  }),
  /**
   * The new token goes back the way the old one came: in the body to a client that sent
   * it in the input, to the transport (cookie) when the transport held it.
   */
  refresh: publicProcedure.input(refreshInput).mutation(async ({ ctx, input }) => {
    const given = input?.refreshToken;
    const refreshToken = given ?? ctx.channel?.refreshToken;
    const opened = await forgettingOnRefusal(ctx, () => sessions.refresh(ctx, { refreshToken }));
    return deliver(ctx, opened, given !== undefined ? 'body' : 'cookie');
  }),
  confirmPassword: authedProcedure
    .input(z.strictObject({ password: s.password }))
    .mutation(async ({ ctx, input }) => {
      const stepUp = await sessions.confirmPassword(ctx, input);
      keepAccessToken(ctx, stepUp.accessToken);
      return stepUp;
    }),
  changePassword: authedProcedure
    .input(z.strictObject({ currentPassword: s.password.optional(), newPassword: s.password }))
    .mutation(({ ctx, input }) => sessions.changePassword(ctx, input)),
  sessions: authedProcedure.query(({ ctx }) => sessions.listSessions(ctx)),
  revokeOtherSessions: authedProcedure.mutation(({ ctx }) => sessions.revokeOtherSessions(ctx)),
  revokeSession: authedProcedure
    .input(z.strictObject({ sessionId: s.sessionId }))
    .mutation(async ({ ctx, input }) => {
      const result = await sessions.revokeSession(ctx, input);
      if (result.current) ctx.channel?.forget();
      return result;
    }),
  requestPasswordReset: publicProcedure
    .input(z.strictObject({ phone: s.phone }))
    .mutation(({ ctx, input }) => requestPasswordReset(ctx, input)),
  resetPassword: publicProcedure
    .input(z.strictObject({ phone: s.phone, code: s.code, newPassword: s.password }))
    .mutation(({ ctx, input }) => resetPassword(ctx, input)),
});
