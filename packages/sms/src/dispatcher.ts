import type { SmsMessage, Store } from '@quickpay/db';
import type { SmsLog } from './outbox.ts';
import { SmsError, type SmsSender } from './types.ts';

export interface DispatcherOptions {
  store: Store;
  sender: SmsSender;
  /** Clock for retry times; give the store the same clock in tests. */
  now?: () => number;
  log?: SmsLog;
  /** Tries per message before it is recorded as 'failed'. */
  maxAttempts?: number;
  /** Delay before the retry that follows failed attempt number `attempt` (1-based). */
  backoffMs?: (attempt: number) => number;
  intervalMs?: number;
  /** Messages claimed per run. */
  batch?: number;
  /** How long a claimed message stays leased; longer than one send can take. */
  leaseMs?: number;
}

export interface DispatchResult {
  sent: number;
  /** Given up: not retryable or out of attempts. */
  failed: number;
  /** Failed now, scheduled again. */
  retried: number;
}

export interface SmsDispatcher {
  start(): void;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
  runOnce(): Promise<DispatchResult>;
}

const MAX_BACKOFF_MS = 15 * 60_000;

export const defaultBackoffMs = (attempt: number): number =>
  Math.min(2 ** attempt * 1000, MAX_BACKOFF_MS);

/** Sends queued messages (alerts) in the background, with retries and backoff. */
export function createSmsDispatcher(options: DispatcherOptions): SmsDispatcher {
  const { store, sender } = options;
  const now = options.now ?? Date.now;
  const log = options.log ?? ((msg: string) => console.error(msg));
  const maxAttempts = options.maxAttempts ?? 5;
  const backoffMs = options.backoffMs ?? defaultBackoffMs;
  const batch = options.batch ?? 20;
  const leaseMs = options.leaseMs ?? 60_000;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;

  async function deliver(message: SmsMessage, result: DispatchResult): Promise<void> {
    try {
      const receipt = sender.sendStored
        ? await sender.sendStored(message)
        : await sender.send(message.to, message.body, message.purpose);
      await store.markSmsSent(message.id, receipt.providerId);
      result.sent++;
    } catch (error) {
      const attempt = attemptNumber(message);
      const smsError = error instanceof SmsError ? error : null;
      const reason = smsError?.message ?? (error instanceof Error ? error.message : String(error));
      const retryable = (smsError?.retryable ?? true) && attempt < maxAttempts;
      const retryAt = retryable ? new Date(now() + backoffMs(attempt)) : null;
      await store.markSmsFailed(message.id, reason, retryAt);
      if (retryAt) result.retried++;
      else {
        result.failed++;
        log(`[sms] gave up on message ${message.id} after ${attempt} attempt(s): ${reason}`);
      }
    }
  }

  async function runOnce(): Promise<DispatchResult> {
    const result: DispatchResult = { sent: 0, failed: 0, retried: 0 };
    const messages = await store.claimDueSms(batch, leaseMs);
    for (const message of messages) {
      try {
        await deliver(message, result);
      } catch (error) {
        // The store refused the outcome; the lease expires and the message is retried.
        log(`[sms] could not record the outcome of ${message.id}: ${String(error)}`);
      }
    }
    return result;
  }

  function tick(): void {
    if (running !== null) return;
    running = runOnce()
      .catch((error: unknown) => log(`[sms] dispatch run failed: ${String(error)}`))
      .finally(() => {
        running = null;
      });
  }

  return {
    runOnce,
    start() {
      if (timer) return;
      timer = setInterval(tick, options.intervalMs ?? 1000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}

/** The number of the attempt just made (the store counts attempts that have started). */
function attemptNumber(message: SmsMessage): number {
  return message.attempts;
}
