/**
 * Domain errors carry a stable code; the API maps each code to a transport error
 * in one place (packages/api/src/errors.ts).
 */
export const DOMAIN_CODES = [
  'INVALID_AMOUNT',
  'INSUFFICIENT_FUNDS',
  'BALANCE_LIMIT',
  'ACCOUNT_NOT_FOUND',
  'SELF_TRANSFER',
  'GOAL_NOT_FOUND',
  'GOAL_CLOSED',
  'IDEMPOTENCY_CONFLICT',
  'PHONE_TAKEN',
  'USER_NOT_FOUND',
  'CONTACT_NOT_FOUND',
  'DUPLICATE_CONTACT',
  'SELF_CONTACT',
  'TRANSFER_NOT_FOUND',
  'SESSION_NOT_FOUND',
  'INVALID_CREDENTIALS',
  'REAUTH_REQUIRED',
  'UNAUTHENTICATED',
  'RATE_LIMITED',
  'INVALID_CODE',
  'WEAK_PASSWORD',
  'INVALID_PHONE',
  'SMS_UNAVAILABLE',
  'STORE_BUSY',
  // A history cursor the store cannot read (the client's mistake, not a fault).
  'INVALID_CURSOR',
  'SCHEDULE_NOT_FOUND',
  'SCHEDULE_ENDED',
  'INVALID_SCHEDULE',
  // money requests
  'REQUEST_NOT_FOUND',
  'REQUEST_FORBIDDEN',
  'REQUEST_NOT_PENDING',
  'REQUEST_EXPIRED',
  'REQUESTS_OFF',
] as const;

export type DomainCode = (typeof DOMAIN_CODES)[number];

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainCode,
    message: string,
  ) {
    super(message);
  }
}

export const isDomainError = (e: unknown, code?: DomainCode): e is DomainError =>
  e instanceof DomainError && (code === undefined || e.code === code);

/**
 * How long a client should wait before retrying a STORE_BUSY refusal (the HTTP
 * `Retry-After` of the 503 it becomes): long enough for a lock queue or an election
 * to clear, short enough that a person retrying does not notice.
 */
export const STORE_BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * The store could not do the work in bounded time (a lock queue full or waited on too
 * long, no primary, a commit a majority did not confirm in time). Nothing was changed,
 * or (a commit timing out) the outcome is unknown: a retry with the same idempotency
 * key answers either way.
 */
export const storeBusy = (why: string): DomainError =>
  new DomainError('STORE_BUSY', `the ledger is busy (${why}); retry shortly`);
