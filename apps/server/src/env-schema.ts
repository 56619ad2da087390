import { MAX_AMOUNT_LIMIT, minor } from '@quickpay/db';
import { z } from 'zod';
import { trustProxyProblem } from './trust-proxy.ts';

/** The environment's variables and their rules: env.ts parses with this schema once. */

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const intIn = (min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be ${what}`)
    .transform(Number)
    .refine((n) => Number.isSafeInteger(n) && n >= min && n <= max, `must be ${what}`);

const positiveInt = intIn(1, Number.MAX_SAFE_INTEGER, 'a positive integer');

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: intIn(0, 65535, 'an integer between 0 and 65535').default(5000),
  // 127.0.0.1 keeps a dev server private; containers need HOST=0.0.0.0.
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  MONGODB_URI: optionalText.refine(
    (s) => s === undefined || /^mongodb(\+srv)?:\/\//.test(s),
    'must start with mongodb:// or mongodb+srv://',
  ),
  JWT_SECRET: optionalText.refine(
    (s) => s === undefined || s.length >= 32,
    'must be at least 32 characters',
  ),
  CORS_ORIGINS: z.string().default(''),
  CURRENCY: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code such as INR')
    .default('INR'),
  // Bounded so balances stay far inside Number.MAX_SAFE_INTEGER (the stores refuse past it).
  MAX_AMOUNT: intIn(
    1,
    MAX_AMOUNT_LIMIT,
    `a positive integer of minor units no larger than ${MAX_AMOUNT_LIMIT}`,
  )
    .transform(minor)
    .optional(),
  TIME_ZONE: optionalText.refine(
    (s) => s === undefined || isTimeZone(s),
    'must be an IANA time zone such as Asia/Kolkata',
  ),
  DEFAULT_COUNTRY: optionalText.refine(
    (s) => s === undefined || /^[A-Z]{2}$/.test(s),
    'must be a 2-letter ISO country code such as IN',
  ),
  TWILIO_ACCOUNT_SID: optionalText,
  TWILIO_AUTH_TOKEN: optionalText,
  TWILIO_PHONE_NUMBER: optionalText,
  TWILIO_MESSAGING_SERVICE_SID: optionalText,
  LOG_LEVEL: z.enum(logLevels).optional(),
  // Retired: one counter per account let a stranger lock the owner out (issue 11).
  RATE_LOGIN_FAILS_PER_ACCOUNT: z
    .string()
    .refine(
      (s) => s.trim() === '',
      'is no longer supported: use RATE_LOGIN_FAILS_PER_ACCOUNT_IP (failed log-ins per account and IP) and RATE_PASSWORD_CHECKS_PER_ACCOUNT (password checks per account)',
    )
    .optional(),
  RATE_LOGIN_FAILS_PER_ACCOUNT_IP: positiveInt.optional(),
  RATE_LOGIN_FAILS_PER_IP: positiveInt.optional(),
  RATE_PASSWORD_CHECKS_PER_IP: positiveInt.optional(),
  RATE_PASSWORD_CHECKS_PER_ACCOUNT: positiveInt.optional(),
  RATE_SIGNUPS_PER_IP: positiveInt.optional(),
  RATE_RESET_PER_PHONE: positiveInt.optional(),
  RATE_RESET_PER_IP: positiveInt.optional(),
  // Scheduled payments (scheduler.ts): 0 turns this instance's scheduler off.
  SCHEDULER_INTERVAL_MS: intIn(
    0,
    24 * 3600_000,
    'a number of milliseconds (0 turns it off)',
  ).default(30_000),
  SCHEDULER_CATCH_UP_DAYS: intIn(0, 366, 'a number of days between 0 and 366').default(10),
  // Live events and money requests (issue 17).
  EVENTS_SESSION_CHECK_MS: intIn(100, 3_600_000, 'milliseconds between 100 and 3600000').optional(),
  EVENTS_STREAM_BUFFER: intIn(1, 100_000, 'an integer between 1 and 100000').optional(),
  EVENTS_RETENTION_HOURS: intIn(1, 24 * 365, 'hours between 1 and 8760').default(168),
  RATE_REQUESTS_PER_HOUR: positiveInt.optional(),
  TRUST_PROXY: optionalText.superRefine((value, ctx) => {
    const problem = value === undefined ? null : trustProxyProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
});

export type Env = z.infer<typeof schema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
