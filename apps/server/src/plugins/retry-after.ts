import { domainCauseOf } from '@quickpay/api';
import { STORE_BUSY_RETRY_AFTER_SECONDS } from '@quickpay/db';

/**
 * tRPC response headers for a batch's errors: `Retry-After` when any of them is a busy
 * store (STORE_BUSY, a 503), so clients and proxies back off instead of hammering it.
 */
export function retryAfterFor(errors: readonly unknown[]): { headers?: Record<string, string> } {
  const busy = errors.some((e) => domainCauseOf(e)?.code === 'STORE_BUSY');
  return busy ? { headers: { 'retry-after': String(STORE_BUSY_RETRY_AFTER_SECONDS) } } : {};
}
