import {
  type DomainCode,
  DomainError,
  isDomainError,
  STORE_BUSY_RETRY_AFTER_SECONDS,
} from '@quickpay/db';
import { type TRPC_ERROR_CODE_KEY, TRPCError } from '@trpc/server';
import type { PasswordRule } from './auth/password-policy.ts';

/**
 * The one place where domain codes become transport codes. Refusals that depend on
 * the ledger's state are PRECONDITION_FAILED (as medici maps insufficient funds);
 * malformed requests are BAD_REQUEST.
 */
export const DOMAIN_TO_TRPC: Record<DomainCode, TRPC_ERROR_CODE_KEY> = {
  INVALID_AMOUNT: 'BAD_REQUEST',
  INSUFFICIENT_FUNDS: 'PRECONDITION_FAILED',
  BALANCE_LIMIT: 'PRECONDITION_FAILED',
  ACCOUNT_NOT_FOUND: 'NOT_FOUND',
  SELF_TRANSFER: 'BAD_REQUEST',
  GOAL_NOT_FOUND: 'NOT_FOUND',
  GOAL_CLOSED: 'PRECONDITION_FAILED',
  IDEMPOTENCY_CONFLICT: 'CONFLICT',
  PHONE_TAKEN: 'CONFLICT',
  USER_NOT_FOUND: 'NOT_FOUND',
  CONTACT_NOT_FOUND: 'NOT_FOUND',
  DUPLICATE_CONTACT: 'CONFLICT',
  SELF_CONTACT: 'BAD_REQUEST',
  TRANSFER_NOT_FOUND: 'NOT_FOUND',
  SESSION_NOT_FOUND: 'NOT_FOUND',
  INVALID_CREDENTIALS: 'UNAUTHORIZED',
  REAUTH_REQUIRED: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  INVALID_CODE: 'BAD_REQUEST',
  WEAK_PASSWORD: 'BAD_REQUEST',
  INVALID_PHONE: 'BAD_REQUEST',
  SMS_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  STORE_BUSY: 'SERVICE_UNAVAILABLE',
  INVALID_CURSOR: 'BAD_REQUEST',
  SCHEDULE_NOT_FOUND: 'NOT_FOUND',
  SCHEDULE_ENDED: 'PRECONDITION_FAILED',
  INVALID_SCHEDULE: 'BAD_REQUEST',
  REQUEST_NOT_FOUND: 'NOT_FOUND',
  REQUEST_FORBIDDEN: 'FORBIDDEN',
  REQUEST_NOT_PENDING: 'CONFLICT',
  REQUEST_EXPIRED: 'PRECONDITION_FAILED',
  REQUESTS_OFF: 'FORBIDDEN',
};

/** Wraps a domain error as the TRPCError it maps to, keeping it as the cause. */
export function toTRPCError(error: DomainError): TRPCError {
  return new TRPCError({ code: DOMAIN_TO_TRPC[error.code], message: error.message, cause: error });
}

/** The domain error behind a tRPC error, if there is one. */
export function domainCauseOf(error: unknown): DomainError | null {
  if (isDomainError(error)) return error;
  if (error instanceof TRPCError && isDomainError(error.cause)) return error.cause;
  return null;
}

/** Shorthand for throwing a domain refusal from a domain function. */
export function fail(code: DomainCode, message: string): never {
  throw new DomainError(code, message);
}

/** A RATE_LIMITED refusal that knows when to try again; HTTP layers send it as Retry-After. */
export class RetryLater extends DomainError {
  constructor(
    readonly retryAfterSec: number,
    message = 'Too many requests, try again later',
  ) {
    super('RATE_LIMITED', message);
  }
}

/** A WEAK_PASSWORD refusal naming the rule it broke (sent to tRPC clients as data.passwordRule). */
export class WeakPassword extends DomainError {
  constructor(
    readonly rule: PasswordRule,
    message: string,
  ) {
    super('WEAK_PASSWORD', message);
  }
}

/** Seconds to wait, when the error (or the domain error behind it) says so. */
export function retryAfterOf(error: unknown): number | null {
  const cause = domainCauseOf(error);
  if (cause instanceof RetryLater) return cause.retryAfterSec;
  return cause?.code === 'STORE_BUSY' ? STORE_BUSY_RETRY_AFTER_SECONDS : null;
}
