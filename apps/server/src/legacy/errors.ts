import { DOMAIN_CODES, type DomainCode } from '@quickpay/db';

/** A legacy error answer: `{error: message, ...flags}` with an HTTP status. */
export class LegacyError extends Error {
  override readonly name = 'LegacyError';
  constructor(
    readonly status: number,
    message: string,
    readonly flags: Readonly<Record<string, boolean>> = {},
  ) {
    super(message);
  }
}

export const NOT_LOGGED_IN = 'User not logged in';

/** The legacy endpoints, for messages that differ by endpoint. */
export type LegacyRoute =
  | 'signup'
  | 'login'
  | 'forgotPass'
  | 'changePassword'
  | 'payment'
  | 'savings'
  | 'savingsDelete'
  | 'people'
  | 'data';

type Answer = readonly [status: number, message: string | null];

/**
 * Domain code -> legacy status and message; `null` keeps the domain message
 * (e.g. the password policy). The single place where codes become legacy errors.
 */
const BY_CODE: Record<DomainCode, Answer> = {
  INVALID_AMOUNT: [400, 'Invalid amount'],
  INSUFFICIENT_FUNDS: [400, 'Insufficient funds'],
  BALANCE_LIMIT: [400, 'Invalid amount'],
  ACCOUNT_NOT_FOUND: [404, 'Recipient not found'],
  SELF_TRANSFER: [400, 'Cannot self-transfer'],
  GOAL_NOT_FOUND: [404, 'Saving goal not found'],
  GOAL_CLOSED: [404, 'Saving goal not found'],
  IDEMPOTENCY_CONFLICT: [409, 'Idempotency-Key reused for a different request'],
  PHONE_TAKEN: [409, 'Phone number already registered'],
  USER_NOT_FOUND: [404, 'User not found'],
  CONTACT_NOT_FOUND: [404, 'Not found'],
  DUPLICATE_CONTACT: [409, 'Contact already exists'],
  SELF_CONTACT: [400, 'Cannot add self'],
  TRANSFER_NOT_FOUND: [404, 'Not found'],
  SESSION_NOT_FOUND: [401, NOT_LOGGED_IN],
  INVALID_CREDENTIALS: [401, 'Invalid credentials'],
  REAUTH_REQUIRED: [403, 'Invalid password'],
  UNAUTHENTICATED: [401, NOT_LOGGED_IN],
  RATE_LIMITED: [429, 'Too many requests'],
  INVALID_CODE: [401, 'Invalid credentials'],
  WEAK_PASSWORD: [400, null],
  INVALID_PHONE: [400, 'Invalid phone number'],
  SMS_UNAVAILABLE: [503, 'SMS service unavailable'],
  STORE_BUSY: [503, 'Service busy, please retry'],
  INVALID_CURSOR: [400, 'Invalid input'],
  SCHEDULE_NOT_FOUND: [404, 'Not found'],
  SCHEDULE_ENDED: [400, 'Schedule has ended'],
  INVALID_SCHEDULE: [400, 'Invalid request'],
  // Money requests have no legacy endpoint; listed for completeness.
  REQUEST_NOT_FOUND: [404, 'Not found'],
  REQUEST_FORBIDDEN: [403, 'Forbidden'],
  REQUEST_NOT_PENDING: [409, 'Request is no longer pending'],
  REQUEST_EXPIRED: [400, 'Request has expired'],
  REQUESTS_OFF: [403, 'Requests are turned off'],
};

/** Where one endpoint words a code differently. */
const BY_ROUTE: Partial<Record<LegacyRoute, Partial<Record<DomainCode, Answer>>>> = {
  signup: { INVALID_PHONE: [400, 'Phone number must be 10 digits'] },
  payment: { INVALID_CREDENTIALS: [403, 'Invalid password'] },
  changePassword: {
    INVALID_CREDENTIALS: [403, 'Incorrect old password'],
    REAUTH_REQUIRED: [403, 'Incorrect old password'],
  },
  savingsDelete: {
    GOAL_NOT_FOUND: [404, 'Saving not found'],
    GOAL_CLOSED: [404, 'Saving not found'],
    // No password field here: a stale password proof sends the old client to log in again.
    REAUTH_REQUIRED: [401, NOT_LOGGED_IN],
  },
  people: { ACCOUNT_NOT_FOUND: [404, 'Account not found'] },
};

/** Flags some endpoints add to every error answer. */
const FLAGS: Partial<Record<LegacyRoute, Record<string, boolean>>> = {
  signup: { signUp: false },
  login: { loggedIn: false },
  forgotPass: { isSMSSent: false },
};

export const routeFlags = (route: LegacyRoute) => FLAGS[route] ?? {};

const isCode = (v: unknown): v is DomainCode =>
  typeof v === 'string' && (DOMAIN_CODES as readonly string[]).includes(v);

/** tRPC codes without a domain code (input validation, auth middleware). */
const BY_TRPC_CODE: Record<string, Answer> = {
  BAD_REQUEST: [400, 'Invalid input'],
  UNAUTHORIZED: [401, NOT_LOGGED_IN],
  FORBIDDEN: [403, 'Forbidden'],
  NOT_FOUND: [404, 'Not found'],
  TOO_MANY_REQUESTS: [429, 'Too many requests'],
  CONFLICT: [409, 'Conflict'],
};

/** The domain code of an error thrown by a procedure (a DomainError, or a TRPCError caused by one). */
export function domainCodeOf(e: unknown): DomainCode | null {
  for (let cur: unknown = e, depth = 0; cur instanceof Error && depth < 4; depth++) {
    const code: unknown = (cur as { code?: unknown }).code;
    const domainCode: unknown = (cur as { domainCode?: unknown }).domainCode;
    if (cur.name === 'DomainError' && isCode(code)) return code;
    if (isCode(domainCode)) return domainCode;
    cur = cur.cause;
  }
  return null;
}

/** Any error from a procedure -> the legacy answer for this endpoint; unknown errors stay 500. */
export function toLegacyError(e: unknown, route: LegacyRoute): LegacyError {
  if (e instanceof LegacyError) return e;
  const flags = routeFlags(route);
  const code = domainCodeOf(e);
  if (code) {
    const [status, message] = BY_ROUTE[route]?.[code] ?? BY_CODE[code];
    const text =
      message ?? (e instanceof Error ? (domainMessage(e) ?? e.message) : 'Invalid input');
    return new LegacyError(status, text, status === 401 && message === NOT_LOGGED_IN ? {} : flags);
  }
  if (e instanceof Error && e.name === 'TRPCError') {
    const answer = BY_TRPC_CODE[String((e as { code?: unknown }).code)];
    if (answer) {
      const [status, message] = answer;
      return new LegacyError(status, message ?? 'Invalid input', status === 401 ? {} : flags);
    }
  }
  return new LegacyError(500, 'Internal server error', flags);
}

function domainMessage(e: Error): string | null {
  for (let cur: unknown = e, depth = 0; cur instanceof Error && depth < 4; depth++) {
    if (cur.name === 'DomainError') return cur.message;
    cur = cur.cause;
  }
  return null;
}
