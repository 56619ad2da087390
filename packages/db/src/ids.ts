import { randomBytes } from 'node:crypto';

/**
 * Time-ordered ids: 9 base36 chars of milliseconds, then 12 random base36 chars.
 * Letters and digits only (legacy clients split `tid_<id>` on `_`), and sorting
 * them as strings sorts by creation time, which gives stable history cursors.
 */
export function newId(now: number = Date.now()): string {
  let id = now.toString(36).padStart(9, '0');
  for (const b of randomBytes(12)) id += (b % 36).toString(36);
  return id;
}

export type UserId = string;
export type GoalId = string;
export type TransferId = string;
export type ContactId = string;
export type SessionId = string;

/**
 * Ledger account ids: one main account per user, one per savings goal, and the cash
 * account: 'sys:cash' names it as a whole; its sub-accounts (cash.ts) are 'sys:cash'
 * (sub-account 0, the original account) and 'sys:cash:1'...
 */
export type LedgerAccountId = `u:${string}` | `g:${string}` | 'sys:cash' | `sys:cash:${number}`;
export const SYSTEM_ACCOUNT = 'sys:cash' satisfies LedgerAccountId;
export const userAccount = (userId: UserId): LedgerAccountId => `u:${userId}`;
export const goalAccount = (goalId: GoalId): LedgerAccountId => `g:${goalId}`;
