import {
  type ApiDeps,
  type ApiHooks,
  type PassResult,
  runSchedulerPass,
  type SchedulerOptions,
  type YieldToForeground,
} from '@quickpay/api';

/**
 * Runs the scheduled-payments pass every intervalMs. Each pass claims due runs with
 * leases in the store and pays each at most once (its transfer key is derived from the
 * schedule and date), so any number of instances may run this against one store, and
 * a pass killed half-way is finished by the next one.
 */
export interface Scheduler {
  /** One pass (a pass already running is joined, not doubled). */
  runOnce(): Promise<PassResult>;
  start(): void;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

export function createScheduler(opts: {
  deps: ApiDeps & ApiHooks;
  intervalMs: number;
  log: (message: string) => void;
  options?: SchedulerOptions;
  /** Waited for before each batch (foreground.ts): API requests go first. */
  yieldToForeground?: YieldToForeground;
}): Scheduler {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<PassResult> | null = null;
  const runOnce = (): Promise<PassResult> => {
    running ??= runSchedulerPass(opts.deps, opts.options, opts.yieldToForeground).finally(() => {
      running = null;
    });
    return running;
  };
  const tick = () => {
    runOnce().then(
      (r) => {
        const n = r.paid + r.failed + r.skipped + r.retried;
        if (n > 0) {
          opts.log(
            `scheduled payments: ${r.paid} paid, ${r.failed} failed, ${r.skipped} skipped, ${r.retried} to retry, ${r.cancelled} schedules cancelled`,
          );
        }
      },
      (e: unknown) => opts.log(`scheduled payments pass failed: ${String(e)}`),
    );
  };
  return {
    runOnce,
    start() {
      if (timer || opts.intervalMs <= 0) return;
      tick();
      // unref: the scheduler never keeps the process alive.
      timer = setInterval(tick, opts.intervalMs).unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
