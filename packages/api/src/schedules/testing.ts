import type { ApiDeps } from '../context.ts';
import type { TestApi } from '../testing/harness.ts';

/** Test-only: the scheduler's dependencies from a test API (same store, clock and config). */
export const depsOf = (t: TestApi): ApiDeps => ({
  store: t.store,
  sms: t.sms,
  config: t.config,
  now: t.clock.now,
});
