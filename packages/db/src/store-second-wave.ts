import type { EventWatcher } from './events.ts';
import type { GoalId, UserId } from './ids.ts';
import type { NewSchedule, Schedule, ScheduleRun, SettleRun } from './schedules.ts';
import type {
  MoneyRequest,
  NewEvent,
  NewMoneyRequest,
  PaidRequest,
  PayRequestInput,
  RequestStatus,
  UserEvent,
} from './types.ts';

/**
 * The Store's second-wave methods (scheduled payments, live events, money requests);
 * `Store` (store.ts) extends this, so each store implements both through its areas.
 */
export interface SecondWaveStore {
  // ── scheduled payments (schedules.ts) ──────────────────────────────────
  /**
   * Same owner, key and request returns the first schedule (replayed); same key and
   * another request is IDEMPOTENCY_CONFLICT; INVALID_SCHEDULE when it has no occurrence.
   */
  createSchedule(input: NewSchedule): Promise<{ schedule: Schedule; replayed: boolean }>;
  getSchedule(id: string): Promise<Schedule | null>;
  /** Newest first, every status. */
  listSchedules(ownerId: UserId): Promise<Schedule[]>;
  /** Settled runs, latest date first. */
  listScheduleRuns(scheduleId: string, limit?: number): Promise<ScheduleRun[]>;
  /** SCHEDULE_NOT_FOUND unless owned by ownerId; SCHEDULE_ENDED once cancelled or completed. */
  setScheduleStatus(
    id: string,
    ownerId: UserId,
    status: 'active' | 'paused' | 'cancelled',
    reason?: string,
  ): Promise<Schedule>;
  /** Records the next occurrence as skipped and moves on; errors as setScheduleStatus. */
  skipNextScheduleRun(id: string, ownerId: UserId): Promise<Schedule>;
  /**
   * Leases up to `limit` active or paused schedules whose next run date is <= today and
   * whose retry time has come, earliest date first, for leaseMs: concurrent schedulers
   * never hold one schedule at once; a dead holder's lease runs out.
   */
  claimDueSchedules(today: string, limit: number, leaseMs: number): Promise<Schedule[]>;
  /**
   * Records each run (one transaction) if it is still its schedule's next run, moves the
   * schedule to its next occurrence (completed when there is none) and releases the
   * lease. Per input: the updated schedule, or null when that run was settled already.
   */
  settleScheduleRuns(runs: SettleRun[]): Promise<(Schedule | null)[]>;
  /** A failed attempt of the next run: retried at retryAt. False if the run was settled. */
  deferScheduleRun(id: string, date: string, retryAt: Date, reason: string): Promise<boolean>;
  /** The goal collecting the owner's round-ups, if any. */
  getRoundUpGoal(ownerId: UserId): Promise<GoalId | null>;
  /** At most one goal per owner: enabling one disables any other. GOAL_NOT_FOUND, GOAL_CLOSED. */
  setRoundUp(ownerId: UserId, goalId: GoalId, enabled: boolean): Promise<void>;

  // ── live events (events.ts in each store) ──────────────────────────────
  /**
   * Appends one event for a user, numbered with the user's next seq. Money movement
   * writes its events itself, in the transaction that moves the money.
   */
  appendEvent(input: NewEvent): Promise<UserEvent>;
  /** The user's events with seq > afterSeq, oldest first, at most `limit` (default 100, max MAX_EVENT_PAGE). */
  listEvents(userId: UserId, afterSeq: number, limit?: number): Promise<UserEvent[]>;
  /** The user's latest seq: 0 before the first event; never goes down (pruning included). */
  lastEventSeq(userId: UserId): Promise<number>;
  /** Deletes events older than `before`; returns how many. */
  pruneEvents(before: Date): Promise<number>;
  /**
   * Tells `watcher` of every event committed from now on by any process using this
   * database, soon after its commit, until the returned function is called.
   */
  watchEvents(watcher: EventWatcher): () => void;

  // ── money requests (requests.ts in each store) ─────────────────────────
  /**
   * INVALID_AMOUNT, SELF_TRANSFER, USER_NOT_FOUND (payer), REQUESTS_OFF (the payer
   * turned requests off), IDEMPOTENCY_CONFLICT (the key with another request).
   */
  createRequest(input: NewMoneyRequest): Promise<{ request: MoneyRequest; replayed: boolean }>;
  getRequest(id: string): Promise<MoneyRequest | null>;
  /** Newest first; 'incoming' = the user is the payer. */
  listRequests(
    userId: UserId,
    direction: 'incoming' | 'outgoing',
    options?: { status?: RequestStatus; limit?: number },
  ): Promise<MoneyRequest[]>;
  /**
   * Pays a pending request in one transaction (at most one transfer per request, whatever
   * the concurrency). REQUEST_NOT_FOUND, REQUEST_FORBIDDEN (not the payer),
   * REQUEST_EXPIRED, REQUEST_NOT_PENDING (settled, unless by this same key: a replay),
   * and the transfer's own refusals (INSUFFICIENT_FUNDS ...).
   */
  payRequest(input: PayRequestInput): Promise<PaidRequest>;
  /**
   * 'declined' by the payer or 'cancelled' by the requester; the same outcome again
   * returns the request unchanged. REQUEST_NOT_FOUND, REQUEST_FORBIDDEN,
   * REQUEST_EXPIRED, REQUEST_NOT_PENDING.
   */
  closeRequest(
    id: string,
    actorId: UserId,
    outcome: 'declined' | 'cancelled',
  ): Promise<MoneyRequest>;
  /** Whether others may ask this user for money (default true). */
  requestsEnabled(userId: UserId): Promise<boolean>;
  setRequestsEnabled(userId: UserId, enabled: boolean): Promise<void>;
}
