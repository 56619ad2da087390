import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { type ApiSettings, defaultApiSettings } from '@quickpay/api';
import type { SmsConfig } from '@quickpay/sms';
import { type Env, type logLevels, schema } from './env-schema.ts';
import { parseTrustProxy, type TrustProxy } from './trust-proxy.ts';

/**
 * The only module that reads process.env, and the one pass over it: the result holds
 * the server's settings, the API's (ApiSettings, final) and the SMS transport's
 * (SmsConfig, final), so a bad variable stops the start here with one clear line and
 * nothing downstream reshapes configuration again.
 */

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface ServerConfig {
  nodeEnv: Env['NODE_ENV'];
  port: number;
  host: string;
  /** Absolute. */
  dataDir: string;
  /** The directory the user started in (relative paths and messages are based on it). */
  startDir: string;
  mongodbUri: string | undefined;
  /** From JWT_SECRET; when absent (not production) a generated one is kept in dataDir. */
  jwtSecret: string | undefined;
  /** Exact origins allowed with credentials; outside production any localhost origin is too. */
  corsOrigins: string[];
  logLevel: (typeof logLevels)[number];
  trustProxy: TrustProxy;
  /** The API's configuration but its signing key (deps.ts adds that from jwtSecret). */
  api: ApiSettings;
  /** The SMS transport: Twilio when fully configured, else the outbox. */
  sms: SmsConfig;
  /** Scheduled payments: pass interval (0: off) and how many days back missed runs are paid. */
  scheduler: { intervalMs: number; catchUpDays: number };
  /** Live events older than this are pruned (EVENTS_RETENTION_HOURS, default 7 days). */
  eventRetentionMs: number;
}

/** RATE_* variables and the API rate-limit rule whose `limit` each one sets. */
const RATE_LIMIT_VARS = {
  RATE_LOGIN_FAILS_PER_ACCOUNT_IP: 'loginFailPerAccountIp',
  RATE_LOGIN_FAILS_PER_IP: 'loginFailPerIp',
  RATE_PASSWORD_CHECKS_PER_IP: 'passwordChecksPerIp',
  RATE_PASSWORD_CHECKS_PER_ACCOUNT: 'passwordChecksPerAccount',
  RATE_SIGNUPS_PER_IP: 'signUpPerIp',
  RATE_RESET_PER_PHONE: 'resetPerPhone',
  RATE_RESET_PER_IP: 'resetPerIp',
} as const satisfies Partial<Record<keyof Env, keyof ApiSettings['rateLimits']>>;

function apiSettings(e: Env): ApiSettings {
  const d = defaultApiSettings();
  const rateLimits = { ...d.rateLimits };
  for (const [name, rule] of Object.entries(RATE_LIMIT_VARS)) {
    const limit = e[name as keyof typeof RATE_LIMIT_VARS];
    if (limit !== undefined) rateLimits[rule] = { ...rateLimits[rule], limit };
  }
  return {
    ...d,
    currency: e.CURRENCY,
    maxAmount: e.MAX_AMOUNT ?? d.maxAmount,
    timeZone: e.TIME_ZONE ?? d.timeZone,
    defaultCountry: e.DEFAULT_COUNTRY ?? d.defaultCountry,
    // Browsers drop Secure cookies over plain http, so only production sets it.
    secureCookies: e.NODE_ENV === 'production',
    rateLimits,
    live: liveSettingsOf(e),
  };
}

function liveSettingsOf(e: Env): NonNullable<ApiSettings['live']> {
  const live: NonNullable<ApiSettings['live']> = {};
  if (e.EVENTS_SESSION_CHECK_MS !== undefined) live.sessionCheckMs = e.EVENTS_SESSION_CHECK_MS;
  if (e.EVENTS_STREAM_BUFFER !== undefined) live.streamBuffer = e.EVENTS_STREAM_BUFFER;
  if (e.RATE_REQUESTS_PER_HOUR !== undefined) {
    live.requestsPerRequester = { limit: e.RATE_REQUESTS_PER_HOUR, windowMs: 3_600_000 };
  }
  return live;
}

/** Twilio only when its SID, token and a sender are all set; anything less means the outbox. */
function smsConfig(e: Env): SmsConfig {
  const accountSid = e.TWILIO_ACCOUNT_SID;
  const authToken = e.TWILIO_AUTH_TOKEN;
  const from = e.TWILIO_PHONE_NUMBER;
  const messagingServiceSid = e.TWILIO_MESSAGING_SERVICE_SID;
  if (!accountSid || !authToken || !(from || messagingServiceSid)) return { twilio: null };
  return {
    twilio: {
      accountSid,
      authToken,
      ...(from ? { from } : {}),
      ...(messagingServiceSid ? { messagingServiceSid } : {}),
    },
  };
}

/** Validates an environment record; `baseDir` resolves a relative DATA_DIR. */
export function parseEnv(
  env: Readonly<Record<string, string | undefined>>,
  baseDir: string,
): ServerConfig {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    const got = env[name];
    const shown = got === undefined ? '' : ` (got ${JSON.stringify(got)})`;
    throw new ConfigError(
      `Invalid configuration: ${name} ${issue?.message ?? 'is invalid'}${shown}`,
    );
  }
  const e = result.data;
  if (e.NODE_ENV === 'production' && e.JWT_SECRET === undefined) {
    throw new ConfigError(
      'Invalid configuration: JWT_SECRET is required when NODE_ENV=production (at least 32 characters)',
    );
  }
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: isAbsolute(e.DATA_DIR) ? e.DATA_DIR : resolve(baseDir, e.DATA_DIR),
    startDir: baseDir,
    mongodbUri: e.MONGODB_URI,
    jwtSecret: e.JWT_SECRET,
    corsOrigins: e.CORS_ORIGINS.split(',')
      .map((s) => s.trim().replace(/\/$/, ''))
      .filter((s) => s !== ''),
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'warn' : 'info'),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    api: apiSettings(e),
    sms: smsConfig(e),
    scheduler: { intervalMs: e.SCHEDULER_INTERVAL_MS, catchUpDays: e.SCHEDULER_CATCH_UP_DAYS },
    eventRetentionMs: e.EVENTS_RETENTION_HOURS * 3_600_000,
  };
}

/**
 * Reads the process environment, after loading `.env` from the directory the
 * user started in (pnpm sets INIT_CWD; `pnpm --filter` runs us in apps/server).
 * Variables already set win over the file.
 */
export function loadEnv(): ServerConfig {
  const baseDir = process.env.INIT_CWD ?? process.cwd();
  const envFile = resolve(baseDir, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return parseEnv(process.env, baseDir);
}
