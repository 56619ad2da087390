import type { GoalId, LedgerAccountId, SessionId, TransferId, UserId } from './ids.ts';
import type { Minor } from './money.ts';
import type { SecondWaveStore } from './store-second-wave.ts';
import type {
  AccountTotals,
  ClosedGoal,
  CloseGoalInput,
  CodePurpose,
  Contact,
  ContactPatch,
  DateRange,
  FlowSums,
  Goal,
  GoalPatch,
  HistoryPage,
  HistoryQuery,
  LedgerReport,
  NewContact,
  NewGoal,
  NewSession,
  NewSms,
  NewUser,
  PasswordSet,
  PostedTransfer,
  PostTransferInput,
  RotateResult,
  Session,
  SmsMessage,
  Transfer,
  User,
  UserPatch,
  VerifyCodeResult,
} from './types.ts';

export interface StoreOptions {
  /** Upper bound for one money operation, in minor units. */
  maxAmount?: Minor;
  /** Injected clock for tests; defaults to Date.now. */
  now?: () => number;
}

/**
 * The ledger store: a narrow, domain-shaped interface. Every method that moves
 * money is atomic and enforces the ledger invariants itself (no customer account
 * below zero, balances = credits - debits, total zero). Refusals throw DomainError
 * and change nothing.
 */
export interface Store extends SecondWaveStore {
  readonly kind: 'sqlite' | 'mongo';
  /** Throws when the backing database is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;

  // ── users ──────────────────────────────────────────────────────────────
  /** Allocates the next account number and opens the main ledger account. PHONE_TAKEN if the phone exists. */
  createUser(input: NewUser): Promise<User>;
  findUserById(id: UserId): Promise<User | null>;
  findUserByPhone(phone: string): Promise<User | null>;
  findUserByAccountNumber(accountNumber: number): Promise<User | null>;
  /** USER_NOT_FOUND if missing. Renaming also renames the main ledger account's label. */
  updateUser(id: UserId, patch: UserPatch): Promise<User>;

  // ── money ──────────────────────────────────────────────────────────────
  /** ACCOUNT_NOT_FOUND if the ledger account does not exist. */
  getBalance(account: LedgerAccountId): Promise<Minor>;
  /**
   * Posts one transfer atomically. Checks, in order: the idempotency key (same key
   * and same request returns the first result with replayed=true; same key and a
   * different request throws IDEMPOTENCY_CONFLICT), the amount (INVALID_AMOUNT
   * unless a positive integer <= maxAmount), SELF_TRANSFER, ACCOUNT_NOT_FOUND,
   * GOAL_CLOSED (either side a closed goal), INSUFFICIENT_FUNDS (a non-system
   * debit account would go below zero), BALANCE_LIMIT (either balance, system accounts
   * included, would pass +/-Number.MAX_SAFE_INTEGER).
   */
  postTransfer(input: PostTransferInput): Promise<PostedTransfer>;
  getTransfer(id: TransferId): Promise<Transfer | null>;
  /** History of one ledger account, newest first, with a stable cursor. */
  listHistory(account: LedgerAccountId, query: HistoryQuery): Promise<HistoryPage>;
  /** Money in (>= 0) and out (<= 0) of an account over each range, in the order given. */
  flowSums(account: LedgerAccountId, ranges: DateRange[]): Promise<FlowSums[]>;
  /** Balance and lifetime totals in one read of the account (ACCOUNT_NOT_FOUND if none). */
  getAccountTotals(account: LedgerAccountId): Promise<AccountTotals>;
  /** Re-derives every balance from the transfers and reports any difference. */
  verifyLedger(): Promise<LedgerReport>;

  // ── savings goals ──────────────────────────────────────────────────────
  /** Opens the goal's own ledger account with a zero balance. */
  createGoal(input: NewGoal): Promise<Goal>;
  getGoal(id: GoalId): Promise<Goal | null>;
  /** Newest first; closed goals only when asked. */
  listGoals(ownerId: UserId, options?: { includeClosed?: boolean }): Promise<Goal[]>;
  /** GOAL_NOT_FOUND unless the goal exists and belongs to ownerId; GOAL_CLOSED if closed. */
  updateGoal(id: GoalId, ownerId: UserId, patch: GoalPatch): Promise<Goal>;
  /**
   * Refunds the whole saved amount to the owner's main account (kind goal_refund)
   * and closes the goal, atomically and idempotently. GOAL_NOT_FOUND unless owned
   * by ownerId; GOAL_CLOSED if closed by another key.
   */
  closeGoal(input: CloseGoalInput): Promise<ClosedGoal>;

  // ── contacts (payees) ──────────────────────────────────────────────────
  /** ACCOUNT_NOT_FOUND, SELF_CONTACT, DUPLICATE_CONTACT (unique per owner and account). */
  addContact(input: NewContact): Promise<Contact>;
  getContact(id: string, ownerId: UserId): Promise<Contact | null>;
  /** Newest first. */
  listContacts(ownerId: UserId): Promise<Contact[]>;
  /** CONTACT_NOT_FOUND unless owned by ownerId. */
  updateContact(id: string, ownerId: UserId, patch: ContactPatch): Promise<Contact>;
  /** CONTACT_NOT_FOUND unless owned by ownerId. */
  removeContact(id: string, ownerId: UserId): Promise<void>;

  // ── sessions (refresh-token families) ──────────────────────────────────
  /**
   * Opens a session, atomically refused with INVALID_CREDENTIALS when the user's
   * credentialVersion is no longer input.credentialVersion. Text is cut to
   * SESSION_TEXT_LIMITS; beyond MAX_LIVE_SESSIONS the oldest live ones are revoked.
   */
  createSession(input: NewSession): Promise<Session>;
  getSession(id: SessionId): Promise<Session | null>;
  /** Live (not revoked, not expired) sessions of a user, newest first, at most MAX_LIVE_SESSIONS. */
  listSessions(userId: UserId): Promise<Session[]>;
  /**
   * Atomically swaps a session's current refresh token for a new one. A hash that
   * was current earlier but has been rotated away is a reuse: the whole session
   * is revoked and 'reused' returned. A session whose credentialVersion is not the
   * user's is revoked ('revoked'). The new expiry is capped at absoluteExpiresAt.
   */
  rotateRefreshToken(oldHash: string, newHash: string, expiresAt: Date): Promise<RotateResult>;
  setSessionAuthTime(id: SessionId, authTime: Date): Promise<void>;
  /** Returns false when no live session with that id belongs to userId. */
  revokeSession(id: SessionId, userId: UserId): Promise<boolean>;
  /** Revokes every live session of the user except `exceptId`; returns how many. */
  revokeUserSessions(userId: UserId, exceptId?: SessionId): Promise<number>;
  /**
   * In one atomic step: sets the password hash, bumps credentialVersion, revokes every
   * live session but keepSessionId and re-stamps that one with the new version.
   * UNAUTHENTICATED (nothing written) when keepSessionId is not a live session of the
   * user on its current credential version.
   */
  setPassword(
    userId: UserId,
    passwordHash: string,
    keepSessionId?: SessionId,
  ): Promise<PasswordSet>;
  /** Deletes sessions (and their refresh tokens) expired or revoked before `before`; returns how many. */
  pruneSessions(before: Date): Promise<number>;

  // ── one-time codes (stored hashed; the caller hashes) ──────────────────
  /** Replaces any earlier code for (purpose, subject). */
  putCode(
    purpose: CodePurpose,
    subject: string,
    codeHash: string,
    expiresAt: Date,
    attempts: number,
  ): Promise<void>;
  /**
   * Checks a code atomically: 'ok' consumes it (single use); 'wrong' spends one
   * attempt and the last one deletes it ('exhausted' after that); 'expired' deletes it.
   */
  verifyCode(purpose: CodePurpose, subject: string, codeHash: string): Promise<VerifyCodeResult>;
  deleteCode(purpose: CodePurpose, subject: string): Promise<void>;

  // ── rate limits (fixed windows, shared by every server instance) ───────
  /** Adds `cost` (default 1) to the window holding now and returns the window's new count. */
  hitRateLimit(key: string, windowMs: number, cost?: number): Promise<number>;
  /** The current window's count without changing it. */
  peekRateLimit(key: string, windowMs: number): Promise<number>;

  // ── SMS outbox ─────────────────────────────────────────────────────────
  enqueueSms(input: NewSms): Promise<SmsMessage>;
  /**
   * Leases up to `limit` pending messages due now (status 'sending' until leaseMs
   * passes), so that concurrent workers never send one message twice.
   */
  claimDueSms(limit: number, leaseMs: number): Promise<SmsMessage[]>;
  markSmsSent(id: string, providerId: string | null): Promise<void>;
  /** retryAt null gives up: status 'failed'. Otherwise back to 'pending' at retryAt. */
  markSmsFailed(id: string, error: string, retryAt: Date | null): Promise<void>;
  /** Newest first; optionally only those to one number. */
  listSms(options?: { to?: string; limit?: number }): Promise<SmsMessage[]>;
}
