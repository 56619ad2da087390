export type { ApiConfig, ApiSettings, RateLimitRule } from './config.ts';
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
export { ipBucket } from './domain/ip.ts';
export { checkLogInCredential } from './domain/password-checks.ts';
export { warmPasswordEstimator } from './domain/password-policy.ts';
// For the legacy adapter: a forgotPass temporary password, verified there, opens a session.
export { ACCESS_COOKIE, type AuthResult, REFRESH_COOKIE, startSession } from './domain/session.ts';
export { DOMAIN_TO_TRPC, domainCauseOf, retryAfterOf } from './errors.ts';
export { localDate } from './money/calendar.ts';
export type { Dashboard, MonthFlow } from './money/dashboard.ts';
export type { AccountSummary } from './money/summary.ts';
export type { ContactView, CounterpartyView, GoalView, TransferView } from './money/views.ts';
export { type AppRouter, appRouter, createCaller } from './root.ts';
