import { router } from '../trpc.ts';

export const transactionsRouter = router({});
