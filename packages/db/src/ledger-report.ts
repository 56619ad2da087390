import type { LedgerAccountId } from './ids.ts';
import type { LedgerProblem } from './types.ts';

/** One account's stored balance beside the balance its journal derives. */
export interface AccountCheck {
  id: LedgerAccountId;
  type: string;
  balance: number;
  derived: number;
}

/** One account's checks: stored vs derived, and no customer below zero. */
export function accountRowProblems(r: AccountCheck): LedgerProblem[] {
  const problems: LedgerProblem[] = [];
  if (r.balance !== r.derived) {
    problems.push({
      kind: 'balance_mismatch',
      account: r.id,
      stored: r.balance,
      derived: r.derived,
      message: `${r.id}: stored balance ${r.balance}, journal says ${r.derived} (off by ${r.balance - r.derived})`,
    });
  }
  if (r.type !== 'system' && r.balance < 0) {
    problems.push({
      kind: 'negative_balance',
      account: r.id,
      stored: r.balance,
      message: `${r.id}: customer balance is below zero: ${r.balance}`,
    });
  }
  return problems;
}

/** The problem for balances that do not sum to zero (`where` says as of when, if not now). */
export const nonzeroTotal = (total: number, where = ''): LedgerProblem => ({
  kind: 'nonzero_total',
  stored: total,
  derived: 0,
  message: `balances sum to ${total}, not 0${where}`,
});

/**
 * The balance checks both stores share, so their reports read alike: stored vs
 * derived, no customer below zero, and all balances summing to zero.
 */
export function accountProblems(rows: readonly AccountCheck[]): {
  total: number;
  problems: LedgerProblem[];
} {
  const problems: LedgerProblem[] = [];
  let total = 0;
  for (const r of rows) {
    total += r.balance;
    problems.push(...accountRowProblems(r));
  }
  if (total !== 0) problems.push(nonzeroTotal(total));
  return { total, problems };
}
