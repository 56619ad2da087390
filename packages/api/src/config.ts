import type { Minor } from '@quickpay/db';

export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

/** Everything the API reads from configuration; the server builds it from the env. */
export interface ApiConfig {
  /** HMAC key for access tokens (HS256) and for hashing refresh tokens and codes. */
  jwtSecret: Uint8Array;
  accessTokenTtlSec: number;
  refreshTokenTtlSec: number;
  /** A session's absolute lifetime from log-in: refreshing never extends it past this. */
  sessionMaxAgeSec: number;
  /** Money movement needs a password proof at most this old. */
  recentAuthSec: number;
  currency: string;
  maxAmount: Minor;
  /** Cookies get `Secure` (set when served over HTTPS / in production). */
  secureCookies: boolean;
  /** ISO country used for 10-digit national phone numbers. */
  defaultCountry: string;
  /** IANA zone for month boundaries on the dashboard. */
  timeZone: string;
  rateLimits: {
    /** Failed log-ins per (typed account number or phone, IP); later ones also wait longer. */
    loginFailPerAccountIp: RateLimitRule;
    /** Failed log-ins per IP across accounts. */
    loginFailPerIp: RateLimitRule;
    /** Password checks of any outcome (argon2 work) per IP. */
    passwordChecksPerIp: RateLimitRule;
    /** Password checks of any outcome per account (per identifier from unknown addresses). */
    passwordChecksPerAccount: RateLimitRule;
    signUpPerIp: RateLimitRule;
    resetPerPhone: RateLimitRule;
    resetPerIp: RateLimitRule;
    confirmPasswordPerUser: RateLimitRule;
  };
  /** Live events and money requests (issue 17); anything unset takes its default (LIVE_DEFAULTS). */
  live?: Partial<LiveSettings>;
}

export interface LiveSettings {
  /** How often an open event stream re-checks that its session is still live. */
  sessionCheckMs: number;
  /** Events queued for one slow stream before it drops them and re-reads from the store. */
  streamBuffer: number;
  /** Money requests one user may create per window (no spamming strangers). */
  requestsPerRequester: RateLimitRule;
}

export const LIVE_DEFAULTS: LiveSettings = {
  sessionCheckMs: 5_000,
  streamBuffer: 256,
  requestsPerRequester: { limit: 20, windowMs: 60 * 60_000 },
};

export const liveSettings = (config: ApiConfig): LiveSettings => ({
  ...LIVE_DEFAULTS,
  ...config.live,
});

const minutes = (n: number) => n * 60_000;

/** The API's configuration apart from its signing key (the server loads that from a file or JWT_SECRET). */
export type ApiSettings = Omit<ApiConfig, 'jwtSecret'>;

/** Fresh defaults (new objects each call, so a caller may change its copy). */
export function defaultApiSettings(): ApiSettings {
  return {
    accessTokenTtlSec: 15 * 60,
    refreshTokenTtlSec: 30 * 24 * 3600,
    sessionMaxAgeSec: 90 * 24 * 3600,
    recentAuthSec: 5 * 60,
    currency: 'INR',
    maxAmount: 10_000_000_00 as Minor,
    secureCookies: false,
    defaultCountry: 'IN',
    timeZone: 'UTC',
    rateLimits: {
      loginFailPerAccountIp: { limit: 10, windowMs: minutes(15) },
      loginFailPerIp: { limit: 100, windowMs: minutes(15) },
      passwordChecksPerIp: { limit: 100, windowMs: minutes(15) },
      passwordChecksPerAccount: { limit: 100, windowMs: minutes(15) },
      signUpPerIp: { limit: 20, windowMs: minutes(10) },
      resetPerPhone: { limit: 3, windowMs: minutes(15) },
      resetPerIp: { limit: 30, windowMs: minutes(15) },
      confirmPasswordPerUser: { limit: 10, windowMs: minutes(15) },
    },
  };
}

export function defaultApiConfig(
  overrides: Partial<ApiConfig> & Pick<ApiConfig, 'jwtSecret'>,
): ApiConfig {
  return { ...defaultApiSettings(), ...overrides };
}
