import type { LedgerAccountId } from '../ids.ts';
import type { Minor } from '../money.ts';
import type { PostingAccount } from '../rules.ts';
import type {
  CodePurpose,
  Contact,
  Goal,
  Session,
  SmsMessage,
  Transfer,
  TransferSide,
  User,
} from '../types.ts';

/**
 * Document shapes as stored in MongoDB, derived from the domain types (the id becomes
 * `_id`), and their mapping back to domain objects.
 */

/** A domain value as stored: money is a plain number until money() has checked it. */
type Plain<V> = V extends Minor ? number : V;
/** A domain shape as stored: its id as `_id`, its money fields plain numbers. */
type Stored<T extends { id: string }> = { _id: T['id'] } & {
  [K in Exclude<keyof T, 'id'>]: Plain<T[K]>;
};

/** Money read back from the database: refuse anything that is not an exact integer. */
export function money(value: unknown): Minor {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new TypeError(`stored amount is not an integer of minor units: ${String(value)}`);
  }
  return value as Minor;
}

/** credentialVersion is absent on users written before credential versions: read as 0. */
export type UserDoc = Omit<Stored<User>, 'credentialVersion'> & { credentialVersion?: number };

export const toUser = (d: UserDoc): User => ({
  id: d._id,
  accountNumber: d.accountNumber,
  fullName: d.fullName,
  phone: d.phone,
  passwordHash: d.passwordHash,
  age: d.age,
  gender: d.gender,
  smsAlerts: d.smsAlerts,
  createdAt: d.createdAt,
  passwordChangedAt: d.passwordChangedAt,
  credentialVersion: d.credentialVersion ?? 0,
});

/** A ledger account (no domain type: the Store shows balances, not accounts). */
export interface AccountDoc extends PostingAccount {
  _id: LedgerAccountId;
  ownerId: string | null;
  label: string;
  accountNumber: number | null;
  /**
   * The id of the last transfer that moved this account (absent before the first).
   * A new transfer's id sorts above it, so each account's history is in commit order
   * even across server processes whose clocks differ (transfers.ts).
   */
  lastTransferId?: string;
  /** Lifetime money in and out (totals.ts); absent on accounts not yet backfilled. */
  totalIn?: number;
  totalOut?: number;
}

export type SideDoc = { [K in keyof TransferSide]: Plain<TransferSide[K]> };

export type TransferDoc = Omit<Stored<Transfer>, 'debit' | 'credit'> & {
  debit: SideDoc;
  credit: SideDoc;
  /** [debit, credit]: one multikey index serves the history of either side. */
  accounts: LedgerAccountId[];
};

export const toSide = (d: SideDoc): TransferSide => ({
  account: d.account,
  balanceAfter: money(d.balanceAfter),
  label: d.label,
  accountNumber: d.accountNumber,
  ownerId: d.ownerId,
});

export const toTransfer = (d: TransferDoc): Transfer => ({
  id: d._id,
  kind: d.kind,
  amount: money(d.amount),
  debit: toSide(d.debit),
  credit: toSide(d.credit),
  note: d.note,
  initiatorId: d.initiatorId,
  idempotencyKey: d.idempotencyKey,
  createdAt: d.createdAt,
});

/** savedAmount is not stored: it is the goal's ledger account balance. */
export type GoalDoc = Omit<Stored<Goal>, 'savedAmount'> & {
  /** The first close's result, so a replay with the same key returns it. */
  closeKey: string | null;
  closeRefunded: number | null;
  closeTransferId: string | null;
  closeBalance: number | null;
};

/** `balance` is the goal's ledger account balance (0 when the account is missing). */
export const toGoal = (d: GoalDoc, balance: number): Goal => ({
  id: d._id,
  ownerId: d.ownerId,
  name: d.name,
  targetAmount: money(d.targetAmount),
  savedAmount: money(balance),
  color: d.color,
  description: d.description,
  targetDate: d.targetDate,
  status: d.status,
  createdAt: d.createdAt,
  closedAt: d.closedAt,
});

export type ContactDoc = Stored<Contact>;

export const toContact = (d: ContactDoc): Contact => ({
  id: d._id,
  ownerId: d.ownerId,
  accountNumber: d.accountNumber,
  payeeId: d.payeeId,
  nickname: d.nickname,
  relation: d.relation,
  createdAt: d.createdAt,
});

/** Both optional: absent on sessions written before them (version 0, expiry = expiresAt). */
export type SessionDoc = Omit<Stored<Session>, 'credentialVersion' | 'absoluteExpiresAt'> & {
  credentialVersion?: number;
  absoluteExpiresAt?: Date;
};

export const toSession = (d: SessionDoc): Session => ({
  id: d._id,
  userId: d.userId,
  refreshHash: d.refreshHash,
  createdAt: d.createdAt,
  lastUsedAt: d.lastUsedAt,
  expiresAt: d.expiresAt,
  authTime: d.authTime,
  revokedAt: d.revokedAt,
  userAgent: d.userAgent,
  ip: d.ip,
  credentialVersion: d.credentialVersion ?? 0,
  absoluteExpiresAt: d.absoluteExpiresAt ?? d.expiresAt,
});

/** Every refresh hash ever issued (the hash is the _id): a rotated one presented again is a reuse. */
export interface RefreshTokenDoc {
  _id: string;
  sessionId: string;
  rotatedAt: Date | null;
}

export interface CodeDoc {
  purpose: CodePurpose;
  subject: string;
  codeHash: string;
  expiresAt: Date;
  attemptsLeft: number;
}

export interface RateLimitDoc {
  key: string;
  windowMs: number;
  /** Start of the fixed window, in ms since the epoch. */
  window: number;
  count: number;
  /**
   * For the TTL index only (garbage collection, never read for decisions). Set from
   * the wall clock, not the store's clock, so a test clock in the past cannot make
   * the TTL monitor delete a live window.
   */
  expiresAt: Date;
}

/** An SMS message as stored: the domain shape with its id as `_id`. For 'pending',
 * nextAttemptAt is when it is due; for 'sending', when the lease ends. */
export type SmsDoc = Stored<SmsMessage>;

export const toSms = (d: SmsDoc): SmsMessage => ({
  id: d._id,
  to: d.to,
  body: d.body,
  purpose: d.purpose,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.nextAttemptAt,
  lastError: d.lastError,
  providerId: d.providerId,
  createdAt: d.createdAt,
  sentAt: d.sentAt,
});

export interface CounterDoc {
  _id: string;
  value: number;
}
