import type { Store } from '@quickpay/db';

/**
 * Deletes live events older than the retention (EVENTS_RETENTION_HOURS), hourly. A
 * client that comes back after longer reloads its pages instead of replaying. Deleting
 * is idempotent, so several instances may run it at once.
 */
export function createEventPruner(opts: {
  store: Store;
  now: () => number;
  retentionMs: number;
  log: (message: string) => void;
  everyMs?: number;
}) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  const runOnce = (): Promise<number> => {
    running ??= opts.store.pruneEvents(new Date(opts.now() - opts.retentionMs)).finally(() => {
      running = null;
    });
    return running;
  };
  const tick = () => {
    runOnce().then(
      (n) => {
        if (n > 0) opts.log(`pruned ${n} live events past retention`);
      },
      (e: unknown) => opts.log(`event pruning failed: ${String(e)}`),
    );
  };
  return {
    runOnce,
    start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, opts.everyMs ?? 60 * 60_000).unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => 0);
    },
  };
}
