import { dashboard } from '../money/dashboard.ts';
import { summary } from '../money/summary.ts';
import { authedProcedure, router } from '../trpc.ts';

export const accountRouter = router({
  /** Everything the home screen shows, in one round trip. */
  dashboard: authedProcedure.query(({ ctx }) => dashboard(ctx)),
  /** Balances and totals without the series and lists (the legacy history pages). */
  summary: authedProcedure.query(({ ctx }) => summary(ctx)),
});
