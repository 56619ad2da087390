import type { TransferAlert } from './alert-types.ts';
import type { ContactId, GoalId, LedgerAccountId, TransferId, UserId } from './ids.ts';
import type { Minor } from './money.ts';
import type { MoneyRequest } from './request-types.ts';

export type Gender = 'male' | 'female' | 'other';

export interface User {
  id: UserId;
  /** Sequential from 1000 with no gaps; legacy clients know users by it. */
  accountNumber: number;
  fullName: string;
  /** E.164, e.g. +919876543210. Unique. */
  phone: string;
  passwordHash: string;
  age: number | null;
  gender: Gender | null;
  smsAlerts: boolean;
  createdAt: Date;
  passwordChangedAt: Date;
  /** Bumped by every password change; a session opened against an older one is dead. */
  credentialVersion: number;
}

export interface NewUser {
  fullName: string;
  phone: string;
  passwordHash: string;
  age?: number | null;
  gender?: Gender | null;
  smsAlerts?: boolean;
}

export interface UserPatch {
  fullName?: string;
  smsAlerts?: boolean;
  passwordHash?: string;
}

export const TRANSFER_KINDS = [
  'deposit',
  'withdrawal',
  'transfer',
  'goal_deposit',
  'goal_withdrawal',
  'goal_refund',
] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

/** One side of a transfer, as it was when the transfer was posted. */
export interface TransferSide {
  account: LedgerAccountId;
  /** That account's balance right after this transfer. */
  balanceAfter: Minor;
  /** Holder name for a main account, goal name for a goal, 'Cash' for the system account. */
  label: string;
  /** Set for a user's main account. */
  accountNumber: number | null;
  /** The user who owns the account (main account or goal); null for the system account. */
  ownerId: UserId | null;
}

/** A double-entry transfer: debits one ledger account, credits another. Never updated. */
export interface Transfer {
  id: TransferId;
  kind: TransferKind;
  /** Always positive. */
  amount: Minor;
  debit: TransferSide;
  credit: TransferSide;
  note: string;
  initiatorId: UserId;
  idempotencyKey: string;
  createdAt: Date;
}

export interface PostTransferInput {
  kind: TransferKind;
  debit: LedgerAccountId;
  credit: LedgerAccountId;
  amount: Minor;
  note?: string;
  initiatorId: UserId;
  /** Client-chosen key (UUID); scoped to the initiator. */
  idempotencyKey: string;
  /** An SMS queued in the transfer's transaction (transfer-alert.ts); not part of the key's request. */
  alert?: TransferAlert;
}

export interface PostedTransfer {
  transfer: Transfer;
  /** True when this is the stored result of an earlier call with the same key. */
  replayed: boolean;
}

/** One line of an account's history: a transfer seen from that account. */
export interface HistoryEntry {
  transfer: Transfer;
  /** Signed from the account's point of view: money in is positive. */
  amount: Minor;
  balanceAfter: Minor;
  /** The other side of the transfer. */
  counterparty: TransferSide;
}

export interface HistoryQuery {
  /** Opaque cursor from a previous page's nextCursor. */
  cursor?: string | null;
  /** 1..100; default 20. */
  limit?: number;
  kinds?: TransferKind[];
  /** Inclusive lower bound on createdAt. */
  from?: Date;
  /** Exclusive upper bound on createdAt. */
  to?: Date;
  /** Case-insensitive substring of the note or the counterparty label. */
  q?: string;
}

export interface HistoryPage {
  /** Newest first. */
  items: HistoryEntry[];
  nextCursor: string | null;
}

/** Money in and out of an account over [from, to). expense is <= 0. */
export interface FlowSums {
  income: Minor;
  expense: Minor;
}

/**
 * An account's balance and lifetime totals (money in, money out as a negative number,
 * as FlowSums), kept on the account by the write that moves its balance: one read,
 * whatever the length of the history.
 */
export interface AccountTotals extends FlowSums {
  balance: Minor;
}

export interface DateRange {
  from: Date;
  to: Date;
}

export type GoalStatus = 'active' | 'closed';

export interface Goal {
  id: GoalId;
  ownerId: UserId;
  name: string;
  targetAmount: Minor;
  /** The goal's ledger balance. */
  savedAmount: Minor;
  color: string;
  description: string;
  targetDate: Date | null;
  status: GoalStatus;
  createdAt: Date;
  closedAt: Date | null;
}

export interface NewGoal {
  ownerId: UserId;
  name: string;
  targetAmount: Minor;
  color?: string;
  description?: string;
  targetDate?: Date | null;
}

export interface GoalPatch {
  name?: string;
  targetAmount?: Minor;
  color?: string;
  description?: string;
  targetDate?: Date | null;
}

export interface CloseGoalInput {
  goalId: GoalId;
  ownerId: UserId;
  idempotencyKey: string;
}

export interface ClosedGoal {
  goal: Goal;
  refunded: Minor;
  /** The refund transfer; null when nothing was saved. */
  transfer: Transfer | null;
  /** The owner's main balance after the refund. */
  balance: Minor;
  replayed: boolean;
}

export interface Contact {
  id: ContactId;
  ownerId: UserId;
  /** The payee's account number. */
  accountNumber: number;
  /** The payee's user id. */
  payeeId: UserId;
  nickname: string;
  relation: string;
  createdAt: Date;
}

export interface NewContact {
  ownerId: UserId;
  accountNumber: number;
  nickname: string;
  relation?: string;
}

export interface ContactPatch {
  nickname?: string;
  relation?: string;
}

export interface LedgerProblem {
  kind: 'balance_mismatch' | 'negative_balance' | 'nonzero_total' | 'bad_transfer';
  account?: LedgerAccountId;
  transferId?: string;
  stored?: number;
  derived?: number;
  message: string;
}

export interface LedgerReport {
  ok: boolean;
  accounts: number;
  transfers: number;
  total: number;
  problems: LedgerProblem[];
}

/** What a password change leaves (session-types.ts holds the rest of sessions). */
export interface PasswordSet {
  user: User;
  /** Sessions ended (every live one but keepSessionId). */
  revokedSessions: number;
}

/** A paid money request and the transfer that paid it (request-types.ts holds the rest). */
export interface PaidRequest {
  request: MoneyRequest;
  transfer: Transfer;
  replayed: boolean;
}

export * from './event-types.ts';
export * from './request-types.ts';
export * from './session-types.ts';
