import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { authRouter } from './auth/router.ts';
import { contactsRouter } from './contacts/router.ts';
import { eventsRouter } from './events/router.ts';
import { accountRouter, transactionsRouter } from './history/router.ts';
import { paymentsRouter } from './payments/router.ts';
import { profileRouter } from './profile/router.ts';
import { requestsRouter } from './requests/router.ts';
import { savingsRouter } from './savings/router.ts';
import { schedulesRouter } from './schedules/router.ts';
import { createCallerFactory, router } from './trpc.ts';

/**
 * The whole API: one router per domain, procedures named `domain.verb`. Each domain
 * folder holds its router (inputs), its functions `(ctx, input)` and its tests;
 * `account` and `transactions` both live in history/.
 */
export const appRouter = router({
  auth: authRouter,
  profile: profileRouter,
  account: accountRouter,
  transactions: transactionsRouter,
  payments: paymentsRouter,
  savings: savingsRouter,
  contacts: contactsRouter,
  schedules: schedulesRouter,
  events: eventsRouter,
  requests: requestsRouter,
});

export type AppRouter = typeof appRouter;
/** What each procedure answers (the legacy adapter's record mappings are typed from these). */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

/** Server-side caller over an inner context (tests and the legacy adapter). */
export const createCaller = createCallerFactory(appRouter);
