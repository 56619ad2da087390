import type { LedgerAccountId } from '../ids.ts';
import { accountProblems } from '../ledger-report.ts';
import type { LedgerReport } from '../types.ts';

/** The fields of a transfer document the check reads. */
export interface JournalTransfer {
  _id: string;
  amount: unknown;
  debit: { account: string; balanceAfter: unknown };
  credit: { account: string; balanceAfter: unknown };
}

export interface AccountBalance {
  id: LedgerAccountId;
  type: 'user' | 'goal' | 'system';
  balance: number;
}

/** One side of a transfer as seen by its account. */
interface Leg {
  id: string;
  delta: number;
  after: number;
}

const asNumber = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);

/**
 * The balance-after chain of one account, checked without an order: the legs of a
 * healthy account walk 0 -> ... -> final, so every `before` (after - delta) is the
 * `after` of another leg or the opening 0, and every `after` is some leg's `before`
 * or the final balance. Ids from several server processes need not be in commit
 * order, so sorting by id could break a healthy chain; this check cannot.
 * Returns the ids of legs whose before or after is left unmatched.
 */
export function brokenChain(legs: readonly Leg[], final: number): string[] {
  const net = new Map<number, number>();
  const bump = (v: number, by: number) => net.set(v, (net.get(v) ?? 0) + by);
  for (const l of legs) {
    bump(l.after, 1);
    bump(l.after - l.delta, -1);
  }
  bump(final, -1);
  bump(0, 1);
  const suspects = new Set<string>();
  for (const l of legs) {
    if ((net.get(l.after) ?? 0) > 0 || (net.get(l.after - l.delta) ?? 0) < 0) suspects.add(l.id);
  }
  return [...suspects];
}

/** Streams the journal once, then compares it with the stored balances. Pure. */
export class JournalScan {
  private readonly credits = new Map<string, number>();
  private readonly debits = new Map<string, number>();
  private readonly legs = new Map<string, Leg[]>();
  private readonly bad = new Map<string, string>();
  private count = 0;

  add(t: JournalTransfer): void {
    this.count += 1;
    const amount = asNumber(t.amount);
    if (!(Number.isSafeInteger(amount) && amount > 0) || t.debit.account === t.credit.account) {
      this.bad.set(
        t._id,
        `transfer ${t._id}: amount ${String(t.amount)} from ${t.debit.account} to ${t.credit.account} (an amount must be a positive integer, between two different accounts)`,
      );
    }
    const sum = (m: Map<string, number>, account: string) =>
      m.set(account, (m.get(account) ?? 0) + amount);
    sum(this.debits, t.debit.account);
    sum(this.credits, t.credit.account);
    this.leg(t.debit.account, { id: t._id, delta: -amount, after: asNumber(t.debit.balanceAfter) });
    this.leg(t.credit.account, {
      id: t._id,
      delta: amount,
      after: asNumber(t.credit.balanceAfter),
    });
  }

  report(accounts: readonly AccountBalance[]): LedgerReport {
    const derivedOf = (id: string) => (this.credits.get(id) ?? 0) - (this.debits.get(id) ?? 0);
    const { total, problems } = accountProblems(
      accounts.map((a) => ({ ...a, derived: derivedOf(a.id) })),
    );
    const known = new Set<string>(accounts.map((a) => a.id));
    for (const [account, legs] of this.legs) {
      if (known.has(account)) continue;
      for (const l of legs) {
        if (!this.bad.has(l.id))
          this.bad.set(l.id, `transfer ${l.id} names a missing account ${account}`);
      }
    }
    for (const [transferId, message] of this.bad) {
      problems.push({ kind: 'bad_transfer', transferId, message });
    }
    for (const [account, legs] of this.legs) {
      const byId = new Map(legs.map((l) => [l.id, l]));
      for (const id of brokenChain(legs, derivedOf(account))) {
        const l = byId.get(id);
        problems.push({
          kind: 'bad_transfer',
          transferId: id,
          account: account as LedgerAccountId,
          stored: l?.after,
          message: `transfer ${id} on ${account}: balance before ${l ? l.after - l.delta : '?'}, moved ${l?.delta ?? '?'}, recorded after ${l?.after ?? '?'}, which does not chain with the account's other transfers`,
        });
      }
    }
    return {
      ok: problems.length === 0,
      accounts: accounts.length,
      transfers: this.count,
      total,
      problems,
    };
  }

  private leg(account: string, leg: Leg): void {
    const list = this.legs.get(account);
    if (list) list.push(leg);
    else this.legs.set(account, [leg]);
  }
}
