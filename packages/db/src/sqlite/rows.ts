import type { LedgerAccountId } from '../ids.ts';
import type { Minor } from '../money.ts';
import type {
  Contact,
  Gender,
  Goal,
  GoalStatus,
  Session,
  SmsMessage,
  SmsStatus,
  Transfer,
  TransferKind,
  TransferSide,
  User,
} from '../types.ts';

/** Row shapes as SQLite returns them, and their mapping to domain objects. */

const date = (ms: number): Date => new Date(ms);
const maybeDate = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

export interface UserRow {
  id: string;
  account_number: number;
  full_name: string;
  phone: string;
  password_hash: string;
  age: number | null;
  gender: Gender | null;
  sms_alerts: number;
  created_at: number;
  password_changed_at: number;
  credential_version: number;
}

export const toUser = (r: UserRow): User => ({
  id: r.id,
  accountNumber: r.account_number,
  fullName: r.full_name,
  phone: r.phone,
  passwordHash: r.password_hash,
  age: r.age,
  gender: r.gender,
  smsAlerts: r.sms_alerts !== 0,
  createdAt: date(r.created_at),
  passwordChangedAt: date(r.password_changed_at),
  credentialVersion: r.credential_version,
});

export interface AccountRow {
  id: LedgerAccountId;
  type: 'user' | 'goal' | 'system';
  owner_id: string | null;
  label: string;
  account_number: number | null;
  balance: number;
  status: 'active' | 'closed';
  total_in: number;
  total_out: number;
}

export interface TransferRow {
  seq: number;
  id: string;
  kind: TransferKind;
  amount: number;
  debit_account: LedgerAccountId;
  debit_balance_after: number;
  debit_label: string;
  debit_account_number: number | null;
  debit_owner_id: string | null;
  credit_account: LedgerAccountId;
  credit_balance_after: number;
  credit_label: string;
  credit_account_number: number | null;
  credit_owner_id: string | null;
  note: string;
  initiator_id: string;
  idempotency_key: string;
  fingerprint: string;
  created_at: number;
}

/** One side of a transfer row, as its columns prefixed `debit_` or `credit_` hold it. */
const sideOf = (r: TransferRow, side: 'debit' | 'credit'): TransferSide => ({
  account: r[`${side}_account`],
  balanceAfter: r[`${side}_balance_after`] as Minor,
  label: r[`${side}_label`],
  accountNumber: r[`${side}_account_number`],
  ownerId: r[`${side}_owner_id`],
});

export const toTransfer = (r: TransferRow): Transfer => ({
  id: r.id,
  kind: r.kind,
  amount: r.amount as Minor,
  debit: sideOf(r, 'debit'),
  credit: sideOf(r, 'credit'),
  note: r.note,
  initiatorId: r.initiator_id,
  idempotencyKey: r.idempotency_key,
  createdAt: date(r.created_at),
});

export interface GoalRow {
  id: string;
  owner_id: string;
  name: string;
  target_amount: number;
  color: string;
  description: string;
  target_date: number | null;
  status: GoalStatus;
  created_at: number;
  closed_at: number | null;
  close_key: string | null;
  close_refunded: number | null;
  close_transfer_id: string | null;
  close_balance: number | null;
  /** Joined from the goal's ledger account. */
  balance: number;
}

export const toGoal = (r: GoalRow): Goal => ({
  id: r.id,
  ownerId: r.owner_id,
  name: r.name,
  targetAmount: r.target_amount as Minor,
  savedAmount: r.balance as Minor,
  color: r.color,
  description: r.description,
  targetDate: maybeDate(r.target_date),
  status: r.status,
  createdAt: date(r.created_at),
  closedAt: maybeDate(r.closed_at),
});

export interface ContactRow {
  id: string;
  owner_id: string;
  account_number: number;
  payee_id: string;
  nickname: string;
  relation: string;
  created_at: number;
}

export const toContact = (r: ContactRow): Contact => ({
  id: r.id,
  ownerId: r.owner_id,
  accountNumber: r.account_number,
  payeeId: r.payee_id,
  nickname: r.nickname,
  relation: r.relation,
  createdAt: date(r.created_at),
});

export interface SessionRow {
  id: string;
  user_id: string;
  refresh_hash: string;
  created_at: number;
  last_used_at: number;
  expires_at: number;
  auth_time: number;
  revoked_at: number | null;
  user_agent: string;
  ip: string;
  credential_version: number;
  absolute_expires_at: number;
}

export const toSession = (r: SessionRow): Session => ({
  id: r.id,
  userId: r.user_id,
  refreshHash: r.refresh_hash,
  createdAt: date(r.created_at),
  lastUsedAt: date(r.last_used_at),
  expiresAt: date(r.expires_at),
  authTime: date(r.auth_time),
  revokedAt: maybeDate(r.revoked_at),
  userAgent: r.user_agent,
  ip: r.ip,
  credentialVersion: r.credential_version,
  absoluteExpiresAt: date(r.absolute_expires_at),
});

export interface SmsRow {
  id: string;
  to_number: string;
  body: string;
  purpose: string;
  status: SmsStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  provider_id: string | null;
  created_at: number;
  sent_at: number | null;
}

export const toSms = (r: SmsRow): SmsMessage => ({
  id: r.id,
  to: r.to_number,
  body: r.body,
  purpose: r.purpose,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: date(r.next_attempt_at),
  lastError: r.last_error,
  providerId: r.provider_id,
  createdAt: date(r.created_at),
  sentAt: maybeDate(r.sent_at),
});
