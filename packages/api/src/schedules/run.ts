import {
  addDays,
  isDomainError,
  type PostedTransfer,
  type Schedule,
  type SettleRun,
  scheduleRunKey,
  userAccount,
} from '@quickpay/db';
import type { ApiDeps, ApiHooks } from '../context.ts';
import { type AlertParties, afterTransferCommitted, postWithAlert } from '../payments/alerts.ts';
import { endOfLocalDay, localDateString } from './dates.ts';
import { roundUpAfter } from './round-ups.ts';
import { notifyRunFailed } from './sms.ts';

export interface SchedulerOptions {
  /** Schedules claimed (and runs settled) per store round trip. */
  batch?: number;
  /** How long a claimed schedule stays leased; longer than one batch can take. */
  leaseMs?: number;
  /** Runs dated more than this many days before today are skipped, not paid late. */
  catchUpDays?: number;
  /** Wait before retrying a run refused for insufficient funds (the same local day only). */
  retryDelayMs?: number;
  /** Attempts per run, the first included, before it is recorded as failed. */
  maxAttempts?: number;
  /** A pass stops after this many batches; the next pass goes on. */
  maxBatches?: number;
}

/**
 * Resolves when background work may take its next step, told how long the previous
 * batch took (0 before the first). The server rests in proportion and then waits for a
 * moment when no API request is in flight (apps/server/src/foreground.ts), so scheduled
 * payments use a bounded share of the capacity the API leaves idle.
 */
export type YieldToForeground = (previousBatchMs: number) => Promise<void>;

export const SCHEDULER_DEFAULTS = {
  batch: 4,
  leaseMs: 60_000,
  catchUpDays: 10,
  retryDelayMs: 2 * 60 * 60_000,
  maxAttempts: 3,
  maxBatches: 1000,
} as const satisfies Required<SchedulerOptions>;

export interface PassResult {
  paid: number;
  failed: number;
  skipped: number;
  retried: number;
  cancelled: number;
  /** Runs left for a later pass (the store was busy, or an unexpected error). */
  errors: number;
}

type Outcome =
  | { settle: SettleRun; posted?: PostedTransfer; parties?: AlertParties | null }
  | { retryAt: Date; reason: string }
  | { error: unknown };

/** Refusals that mean the payee can never be paid again: the schedule ends. */
const PAYEE_GONE = {
  ACCOUNT_NOT_FOUND: 'the payee account no longer exists',
  GOAL_CLOSED: 'the goal is closed',
} as const;

/** A transfer run's two users (for its alert); null for a goal top-up or a user gone. */
async function runParties(deps: ApiDeps, s: Schedule): Promise<AlertParties | null> {
  if (s.kind !== 'transfer') return null;
  const [sender, recipient] = await Promise.all([
    deps.store.findUserById(s.ownerId),
    deps.store.findUserById(s.toAccount.slice(2)),
  ]);
  return sender && recipient ? { sender, recipient, amount: s.amount } : null;
}

async function attempt(
  deps: ApiDeps,
  s: Schedule,
  today: string,
  o: Required<SchedulerOptions>,
): Promise<Outcome> {
  const date = s.nextRunDate as string;
  const run = { scheduleId: s.id, date };
  if (date < addDays(today, -o.catchUpDays)) {
    return {
      settle: { ...run, status: 'skipped', reason: 'missed: older than the catch-up window' },
    };
  }
  if (s.status === 'paused') return { settle: { ...run, status: 'skipped', reason: 'paused' } };
  try {
    const parties = await runParties(deps, s);
    const posted = await postWithAlert(deps, parties, (alert) =>
      deps.store.postTransfer({
        kind: s.kind === 'transfer' ? 'transfer' : 'goal_deposit',
        debit: userAccount(s.ownerId),
        credit: s.toAccount,
        amount: s.amount,
        note: s.note,
        initiatorId: s.ownerId,
        // Derived from (schedule, date): however often this run is tried, it pays once.
        idempotencyKey: scheduleRunKey(s.id, date),
        alert,
      }),
    );
    return { settle: { ...run, status: 'paid', transferId: posted.transfer.id }, posted, parties };
  } catch (error) {
    if (isDomainError(error, 'INSUFFICIENT_FUNDS')) {
      const retryAt = new Date(deps.now() + o.retryDelayMs);
      const lastAttempt = s.attempts + 1 >= o.maxAttempts;
      if (!lastAttempt && retryAt < endOfLocalDay(deps.now(), deps.config.timeZone)) {
        return { retryAt, reason: 'insufficient funds' };
      }
      return { settle: { ...run, status: 'failed', reason: 'insufficient funds' } };
    }
    if (isDomainError(error, 'ACCOUNT_NOT_FOUND') || isDomainError(error, 'GOAL_CLOSED')) {
      const reason = PAYEE_GONE[error.code as keyof typeof PAYEE_GONE];
      return { settle: { ...run, status: 'failed', reason, cancel: true } };
    }
    // A refusal that will not change by waiting (amount above a lowered limit, ...).
    if (isDomainError(error) && error.code !== 'STORE_BUSY') {
      return { settle: { ...run, status: 'failed', reason: error.message } };
    }
    return { error };
  }
}

/**
 * What follows a run this instance recorded: round-ups, the post-commit hook, the
 * owner's SMS for a failed run. (A paid run's alert was queued with its transfer.)
 */
async function after(deps: ApiDeps & ApiHooks, s: Schedule, outcome: Outcome): Promise<void> {
  if (!('settle' in outcome)) return;
  const { settle, posted, parties } = outcome;
  if (settle.status === 'failed') {
    await notifyRunFailed(deps, s, settle.date, settle.reason ?? 'failed');
    return;
  }
  if (!posted) return;
  await roundUpAfter(deps, posted.transfer);
  if (posted.replayed || !parties) return;
  const { sender, recipient } = parties;
  await afterTransferCommitted(deps, { transfer: posted.transfer, sender, recipient });
}

/**
 * One scheduler pass: claims due schedules in batches (earliest run date first, leased
 * so other instances skip them), tries each one's next run, records the outcomes in one
 * store call per batch, and repeats until nothing is due. A schedule with several
 * missed runs comes back in the next batch for the following one, so catch-up goes in
 * date order. Safe to run concurrently and to kill at any point: a run's transfer key
 * is derived from (schedule, date), and a run is recorded only once.
 */
export async function runSchedulerPass(
  deps: ApiDeps & ApiHooks,
  options: SchedulerOptions = {},
  yieldToForeground?: YieldToForeground,
): Promise<PassResult> {
  const o = { ...SCHEDULER_DEFAULTS, ...options };
  const result: PassResult = {
    paid: 0,
    failed: 0,
    skipped: 0,
    retried: 0,
    cancelled: 0,
    errors: 0,
  };
  let previousBatchMs = 0;
  for (let i = 0; i < o.maxBatches; i++) {
    await yieldToForeground?.(previousBatchMs);
    const batchStarted = performance.now();
    const today = localDateString(deps.now(), deps.config.timeZone);
    const claimed = await deps.store.claimDueSchedules(today, o.batch, o.leaseMs);
    if (claimed.length === 0) break;
    const outcomes = await Promise.all(claimed.map((s) => attempt(deps, s, today, o)));
    const settling: { s: Schedule; outcome: Outcome & { settle: SettleRun } }[] = [];
    for (const [k, outcome] of outcomes.entries()) {
      const s = claimed[k] as Schedule;
      if ('settle' in outcome) settling.push({ s, outcome });
      else if ('retryAt' in outcome) {
        if (
          await deps.store.deferScheduleRun(
            s.id,
            s.nextRunDate as string,
            outcome.retryAt,
            outcome.reason,
          )
        ) {
          result.retried++;
        }
      } else {
        result.errors++;
        deps.logger?.warn({ err: String(outcome.error), scheduleId: s.id }, 'scheduled run failed');
      }
    }
    const settled = await deps.store.settleScheduleRuns(settling.map((x) => x.outcome.settle));
    await Promise.all(
      settling.map(async ({ s, outcome }, k) => {
        if (!settled[k]) return; // another instance recorded this run first
        const { status, cancel } = outcome.settle;
        result[status === 'paid' ? 'paid' : status === 'failed' ? 'failed' : 'skipped']++;
        if (cancel) result.cancelled++;
        await after(deps, s, outcome);
      }),
    );
    previousBatchMs = performance.now() - batchStarted;
  }
  return result;
}
