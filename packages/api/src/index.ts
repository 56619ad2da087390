// The API's public surface. Transports (apps/server: the tRPC plugin and the legacy
// adapter) build an inner context with a Channel and call the router or, for the
// legacy adapter, the few domain functions exported below.
export type { AuthResult, TokenDelivery } from './auth/delivery.ts';
export { deliver } from './auth/delivery.ts';
export { logIn, provePassword } from './auth/login.ts';
export { warmPasswordEstimator } from './auth/password-policy.ts';
export { logInInput } from './auth/schemas.ts';
export { authenticate, type OpenedSession } from './auth/session.ts';
export {
  logInWithTempPassword,
  sendTempPassword,
  TEMP_PASSWORD,
  tempPasswordText,
} from './auth/temp-passwords.ts';
export type { ApiConfig, ApiSettings, LiveSettings, RateLimitRule } from './config.ts';
export { defaultApiConfig, defaultApiSettings } from './config.ts';
export type {
  ApiDeps,
  ApiHooks,
  ApiLogger,
  AuthedContext,
  AuthedUser,
  Channel,
  InnerContext,
  IssuedTokens,
  TransferCommitted,
} from './context.ts';
export { createInnerContext } from './context.ts';
export { DOMAIN_TO_TRPC, domainCauseOf, retryAfterOf } from './errors.ts';
export { hubOf } from './events/hub.ts';
export type { LiveEvent, SessionEndReason } from './events/views.ts';
export type { Dashboard, MonthFlow } from './history/dashboard.ts';
export type { AccountSummary } from './history/summary.ts';
export type { PaidRequestView } from './requests/requests.ts';
export type { RequestParty, RequestView } from './requests/views.ts';
export {
  type AppRouter,
  appRouter,
  createCaller,
  type RouterInputs,
  type RouterOutputs,
} from './root.ts';
export { localDateString } from './schedules/dates.ts';
export {
  type PassResult,
  runSchedulerPass,
  SCHEDULER_DEFAULTS,
  type SchedulerOptions,
  type YieldToForeground,
} from './schedules/run.ts';
export type { ScheduleRunView, ScheduleView, UpcomingPayment } from './schedules/views.ts';
export { localDate } from './shared/calendar.ts';
export { ipBucket } from './shared/ip.ts';
export type { ContactView, CounterpartyView, GoalView, TransferView } from './shared/views.ts';
