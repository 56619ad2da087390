export { checkLogInCredential } from './auth/password-checks.ts';
export { warmPasswordEstimator } from './auth/password-policy.ts';
// For the legacy adapter: a forgotPass temporary password, verified there, opens a session.
export { ACCESS_COOKIE, type AuthResult, REFRESH_COOKIE, startSession } from './auth/session.ts';
// Live events and money requests (issue 17).
export type { ApiConfig, ApiSettings, LiveSettings, RateLimitRule } from './config.ts';
export { defaultApiConfig, defaultApiSettings } from './config.ts';
export type {
  ApiDeps,
  ApiHooks,
  ApiLogger,
  AuthedUser,
  CookieOptions,
  HttpBridge,
  InnerContext,
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
export { type AppRouter, appRouter, createCaller } from './root.ts';
export { localDate } from './shared/calendar.ts';
export { ipBucket } from './shared/ip.ts';
export type { ContactView, CounterpartyView, GoalView, TransferView } from './shared/views.ts';
