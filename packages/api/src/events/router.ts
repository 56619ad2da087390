import { z } from 'zod';
import { authedProcedure, router } from '../trpc.ts';
import { userEvents } from './stream.ts';

/**
 * Live updates over server-sent events (httpSubscriptionLink). Authenticated like every
 * call; yields only the caller's events. tRPC passes a reconnecting client's
 * Last-Event-ID in as `lastEventId`.
 */
export const eventsRouter = router({
  subscribe: authedProcedure
    .input(z.object({ lastEventId: z.string().max(32).nullish() }).optional())
    .subscription(({ ctx, input, signal }) => userEvents(ctx, input?.lastEventId, signal)),
});
