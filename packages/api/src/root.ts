import { accountRouter } from './router/account.ts';
import { authRouter } from './router/auth.ts';
import { contactsRouter } from './router/contacts.ts';
import { paymentsRouter } from './router/payments.ts';
import { profileRouter } from './router/profile.ts';
import { savingsRouter } from './router/savings.ts';
import { transactionsRouter } from './router/transactions.ts';
import { schedulesRouter } from './schedules/router.ts';
import { createCallerFactory, router } from './trpc.ts';

/** The whole API: one router per domain, procedures named `domain.verb`. */
export const appRouter = router({
  auth: authRouter,
  profile: profileRouter,
  account: accountRouter,
  transactions: transactionsRouter,
  payments: paymentsRouter,
  savings: savingsRouter,
  contacts: contactsRouter,
  schedules: schedulesRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller over an inner context (tests and the legacy adapter). */
export const createCaller = createCallerFactory(appRouter);
