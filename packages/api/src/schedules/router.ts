import { authedProcedure, recentAuthProcedure, router } from '../trpc.ts';
import * as schedules from './functions.ts';
import { createScheduleInput, scheduleIdInput } from './schemas.ts';

const action = (name: schedules.ScheduleAction) =>
  authedProcedure
    .input(scheduleIdInput)
    .mutation(({ ctx, input }) => schedules.changeSchedule(ctx, input.scheduleId, name));

/**
 * Scheduled and recurring payments. Creating one commits money to move later, so it
 * needs a recent password proof like a payment; managing one does not. Another
 * user's schedule is SCHEDULE_NOT_FOUND.
 */
export const schedulesRouter = router({
  create: recentAuthProcedure
    .input(createScheduleInput)
    .mutation(({ ctx, input }) => schedules.createSchedule(ctx, input)),
  list: authedProcedure.query(({ ctx }) => schedules.listSchedules(ctx)),
  get: authedProcedure
    .input(scheduleIdInput)
    .query(({ ctx, input }) => schedules.getSchedule(ctx, input.scheduleId)),
  pause: action('pause'),
  resume: action('resume'),
  cancel: action('cancel'),
  skipNext: action('skipNext'),
});
