import { dashboard } from '../money/dashboard.ts';
import { authedProcedure, router } from '../trpc.ts';

export const accountRouter = router({
  /** Everything the home screen shows, in one round trip. */
  dashboard: authedProcedure.query(({ ctx }) => dashboard(ctx)),
});
