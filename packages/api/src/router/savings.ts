import { router } from '../trpc.ts';

export const savingsRouter = router({});
