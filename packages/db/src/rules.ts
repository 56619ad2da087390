/**
 * The ledger's rules, written once for both stores: each store reads what a rule
 * needs from its database, calls the rule, and writes what it decided.
 */
import { DomainError } from './errors.ts';
import type { LedgerAccountId } from './ids.ts';
import { BALANCE_LIMIT, type Minor } from './money.ts';
import type {
  Goal,
  GoalPatch,
  HistoryEntry,
  PostTransferInput,
  Transfer,
  VerifyCodeResult,
} from './types.ts';

/** What the posting rules read of a ledger account, in either store. */
export interface PostingAccount {
  type: 'user' | 'goal' | 'system';
  balance: number;
  status: 'active' | 'closed';
}

export const accountNotFound = (id: LedgerAccountId | string): DomainError =>
  new DomainError('ACCOUNT_NOT_FOUND', `no ledger account ${id}`);
export const idempotencyConflict = (): DomainError =>
  new DomainError('IDEMPOTENCY_CONFLICT', 'idempotency key reused for another request');
export const insufficientFunds = (): DomainError =>
  new DomainError('INSUFFICIENT_FUNDS', 'balance too low');
export const balanceLimit = (): DomainError =>
  new DomainError('BALANCE_LIMIT', 'a balance would exceed the largest amount held');

/**
 * The request's own checks, before any account is read: INVALID_AMOUNT unless a positive
 * safe integer <= maxAmount (a goal's refund is exempt from maxAmount: it returns savings
 * that may have grown past one operation's limit), then SELF_TRANSFER.
 */
export function checkTransferRequest(input: PostTransferInput, maxAmount: Minor): void {
  const { amount } = input;
  const limited = input.kind !== 'goal_refund';
  if (!Number.isSafeInteger(amount) || amount <= 0 || (limited && amount > maxAmount)) {
    throw new DomainError('INVALID_AMOUNT', `amount must be an integer in 1..${maxAmount}`);
  }
  if (input.debit === input.credit) {
    throw new DomainError('SELF_TRANSFER', 'debit and credit accounts are the same');
  }
}

/**
 * The accounts' checks, in the Store's order: ACCOUNT_NOT_FOUND, GOAL_CLOSED (either
 * side closed), INSUFFICIENT_FUNDS (a non-system debit would go below zero),
 * BALANCE_LIMIT (either balance would pass +/-BALANCE_LIMIT). Returns both accounts.
 */
export function checkTransferAccounts<A extends PostingAccount>(
  input: PostTransferInput,
  debit: A | undefined,
  credit: A | undefined,
): { debit: A; credit: A } {
  if (!debit || !credit) throw accountNotFound(debit ? input.credit : input.debit);
  if (debit.status === 'closed' || credit.status === 'closed') {
    throw new DomainError('GOAL_CLOSED', 'the goal is closed');
  }
  const { amount } = input;
  if (debit.type !== 'system' && debit.balance < amount) throw insufficientFunds();
  // Past the safe-integer range balances silently lose units; written so no sum overflows.
  if (debit.balance < amount - BALANCE_LIMIT || credit.balance > BALANCE_LIMIT - amount) {
    throw balanceLimit();
  }
  return { debit, credit };
}

/** The fields a goal patch may change (money as stored: a plain number is enough here). */
export type GoalFields = Pick<Goal, 'name' | 'color' | 'description' | 'targetDate'> & {
  targetAmount: number;
};

/** A goal with a patch applied: absent fields keep their value; targetDate null clears it. */
export const mergeGoalPatch = <G extends GoalFields>(goal: G, patch: GoalPatch): G => ({
  ...goal,
  name: patch.name ?? goal.name,
  targetAmount: patch.targetAmount ?? goal.targetAmount,
  color: patch.color ?? goal.color,
  description: patch.description ?? goal.description,
  targetDate: patch.targetDate === undefined ? goal.targetDate : patch.targetDate,
});

/** A history page's size: 1..100, default 20. */
export const historyLimit = (limit: number | undefined): number =>
  Math.min(100, Math.max(1, Math.trunc(limit ?? 20)));

/** A transfer seen from one of its accounts: money in is positive. */
export function historyEntry(account: LedgerAccountId, transfer: Transfer): HistoryEntry {
  const incoming = transfer.credit.account === account;
  return {
    transfer,
    amount: (incoming ? transfer.amount : -transfer.amount) as Minor,
    balanceAfter: incoming ? transfer.credit.balanceAfter : transfer.debit.balanceAfter,
    counterparty: incoming ? transfer.debit : transfer.credit,
  };
}

/** A stored one-time code, as the check reads it. */
export interface StoredCode {
  codeHash: string;
  expiresAt: number;
  attemptsLeft: number;
}

/**
 * The answer to a code check. The store then writes what it implies: 'ok' and 'expired'
 * delete the code, 'wrong' spends an attempt (the last one wipes the hash but keeps the
 * record, so later tries say 'exhausted').
 */
export function judgeCode(
  code: StoredCode | null | undefined,
  codeHash: string,
  now: number,
): VerifyCodeResult {
  if (!code) return 'missing';
  if (code.expiresAt <= now) return 'expired';
  if (code.attemptsLeft <= 0 || code.codeHash === '') return 'exhausted';
  return code.codeHash === codeHash ? 'ok' : 'wrong';
}
