import { z } from 'zod';
import { logIn, signUp } from '../domain/login.ts';
import * as s from '../domain/schemas.ts';
import { publicProcedure, router } from '../trpc.ts';

const logInInput = z.union([
  z.strictObject({ accountNumber: s.accountNumber, password: s.password }),
  z.strictObject({ phone: s.phone, password: s.password }),
]);

export const authRouter = router({
  signUp: publicProcedure
    .input(
      z.strictObject({
        fullName: s.fullName,
        phone: s.phone,
        password: s.password,
        age: s.age.optional(),
        gender: s.gender.optional(),
      }),
    )
    .mutation(({ ctx, input }) => signUp(ctx, input)),
  logIn: publicProcedure.input(logInInput).mutation(({ ctx, input }) => logIn(ctx, input)),
});
