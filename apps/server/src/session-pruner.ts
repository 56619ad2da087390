import type { Store } from '@quickpay/db';

/**
 * Deletes sessions (and their refresh tokens) that expired or were revoked more than
 * RETAIN_MS ago, so the tables do not grow with every log-in ever made. A pruned
 * token is simply unknown, so it stays refused. Deleting is idempotent, so several
 * instances may run this against one store at once.
 */
export const PRUNE_EVERY_MS = 60 * 60_000;
export const RETAIN_MS = 24 * 60 * 60_000;

export interface SessionPruner {
  /** One pass; resolves to the number of sessions deleted. */
  runOnce(): Promise<number>;
  start(): void;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

export function createSessionPruner(opts: {
  store: Store;
  now: () => number;
  log: (message: string) => void;
  everyMs?: number;
}): SessionPruner {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  const runOnce = (): Promise<number> => {
    running ??= opts.store.pruneSessions(new Date(opts.now() - RETAIN_MS)).finally(() => {
      running = null;
    });
    return running;
  };
  const tick = () => {
    runOnce().then(
      (n) => {
        if (n > 0) opts.log(`pruned ${n} expired or revoked sessions`);
      },
      (e: unknown) => opts.log(`session pruning failed: ${String(e)}`),
    );
  };
  return {
    runOnce,
    start() {
      if (timer) return;
      tick();
      // unref: pruning never keeps the process alive.
      timer = setInterval(tick, opts.everyMs ?? PRUNE_EVERY_MS).unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => 0);
    },
  };
}
