import { retryAfterOf } from '@quickpay/api';

/**
 * tRPC response headers for a batch's errors: `Retry-After` when any refusal knows its
 * wait (a busy store's 503, a password-check pause), the longest of the batch.
 */
export function retryAfterFor(errors: readonly unknown[]): { headers?: Record<string, string> } {
  const waits = errors.map(retryAfterOf).filter((s): s is number => s !== null);
  return waits.length > 0 ? { headers: { 'retry-after': String(Math.max(...waits)) } } : {};
}
