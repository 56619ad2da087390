import type { LedgerAccountId } from '../ids.ts';
import { accountRowProblems, nonzeroTotal } from '../ledger-report.ts';
import type { LedgerProblem, LedgerReport } from '../types.ts';

/**
 * The ledger check's logic, pure (verify.ts feeds it from MongoDB). It walks one account
 * at a time, its legs in commit order, keeping running sums only: memory does not grow
 * with the journal.
 *
 * Commit order: the Mongo store numbers transfers with no sequence of its own (gapless
 * numbers are for account numbers and per-user events). A transfer's id is time-ordered
 * and minted above both accounts' lastTransferId, read in the posting's transaction; a
 * transfer committed on the account in between writes the same account document, so
 * the later one conflicts and retries with a fresh id (posting.ts). Hence on each
 * account, id order IS commit order, across processes whatever their clocks; across
 * accounts ids promise nothing. And the account's lastTransferId names its newest leg,
 * so "the account, then its legs up to its lastTransferId" is one consistent state of
 * that account, with no snapshot, however long the scan and whatever commits meanwhile.
 *
 * The global sums (balances total 0, debits = credits) need one cut across accounts:
 * the transfers up to a watermark id, minted long enough before the check started that
 * every one of them had committed when it started (watermarkId). Each of those is then
 * seen on both its accounts, so a healthy ledger sums to zero under live traffic.
 */

/** The fields of a transfer document the check reads. */
export interface JournalTransfer {
  _id: string;
  amount: unknown;
  debit: { account: string; balanceAfter: unknown };
  credit: { account: string; balanceAfter: unknown };
  accounts?: unknown;
}

/** A ledger account as read before its legs. */
export interface ScannedAccount {
  _id: LedgerAccountId;
  type: 'user' | 'goal' | 'system';
  balance: unknown;
  /** Its newest leg when read (absent: no transfer since the field exists). */
  lastTransferId?: string;
}

const asNumber = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);

/** The largest id minted in millisecond `time` or before (ids: 9 base36 chars of time first). */
export const watermarkId = (time: number): string =>
  `${Math.max(0, Math.floor(time)).toString(36).padStart(9, '0')}${'z'.repeat(12)}`;

/** Which of the account's transfers to read: the legs it had when read, nothing newer. */
export function legFilter(a: ScannedAccount): {
  accounts: LedgerAccountId;
  _id?: { $lte: string };
} {
  return a.lastTransferId === undefined
    ? { accounts: a._id }
    : { accounts: a._id, _id: { $lte: a.lastTransferId } };
}

const listsItsSides = (t: JournalTransfer): boolean =>
  Array.isArray(t.accounts) &&
  t.accounts.length === 2 &&
  t.accounts[0] === t.debit.account &&
  t.accounts[1] === t.credit.account;

/** One account's legs, fed in id (= commit) order: its chain, its sums, its sums up to the watermark. */
export class AccountScan {
  /** Legs whose recorded balance-after does not follow from the previous one. */
  readonly breaks: LedgerProblem[] = [];
  /** Malformed transfers seen on this account, by id. */
  readonly bad = new Map<string, string>();
  /** Other sides named since the last lookup (verify.ts), with the transfers naming them. */
  readonly others = new Map<string, string[]>();
  pendingOthers = 0;
  derived = 0;
  /** Transfers counted here: those this account is the debit side of. */
  transfers = 0;
  /** Up to the watermark: money out, money in, transfers counted, balance after the last leg. */
  readonly atWatermark = { debits: 0, credits: 0, transfers: 0, balance: 0 };
  movedAfterWatermark = false;
  private after = 0;
  private lastId = '';

  constructor(
    readonly account: ScannedAccount,
    private readonly watermark: string,
  ) {}

  add(t: JournalTransfer): void {
    const { _id: id } = t;
    const me = this.account._id;
    const bound = this.account.lastTransferId;
    if (bound !== undefined && id > bound) return; // committed after the account was read
    if (id <= this.lastId) {
      this.bad.set(id, `transfer ${id} on ${me} was read after ${this.lastId}, out of id order`);
      return;
    }
    this.lastId = id;
    const amount = asNumber(t.amount);
    const { account: debit } = t.debit;
    const { account: credit } = t.credit;
    if (!(Number.isSafeInteger(amount) && amount > 0) || debit === credit) {
      this.bad.set(
        id,
        `transfer ${id}: amount ${String(t.amount)} from ${debit} to ${credit} (an amount must be a positive integer, between two different accounts)`,
      );
    } else if (!listsItsSides(t)) {
      this.bad.set(
        id,
        `transfer ${id}: lists accounts ${JSON.stringify(t.accounts)}, not [${debit}, ${credit}], so a side's history misses it`,
      );
    }
    const isDebit = debit === me;
    if (debit === credit || !(isDebit || credit === me)) return;
    const delta = isDebit ? -amount : amount;
    const after = asNumber(isDebit ? t.debit.balanceAfter : t.credit.balanceAfter);
    const before = this.after;
    if (before + delta !== after) {
      this.breaks.push({
        kind: 'bad_transfer',
        transferId: id,
        account: me,
        stored: after,
        derived: before + delta,
        message: `transfer ${id} on ${me}: balance before ${before}, moved ${delta}, but recorded after ${after}`,
      });
    }
    this.after = after;
    this.derived += delta;
    if (isDebit) this.transfers += 1;
    const other = isDebit ? credit : debit;
    const naming = this.others.get(other);
    if (naming) naming.push(id);
    else this.others.set(other, [id]);
    this.pendingOthers += 1;
    if (id > this.watermark) {
      this.movedAfterWatermark = true;
      return;
    }
    this.atWatermark.balance = after;
    if (isDebit) {
      this.atWatermark.debits += amount;
      this.atWatermark.transfers += 1;
    } else {
      this.atWatermark.credits += amount;
    }
  }

  /** After a lookup of `others`: each transfer naming an account not in `existing` is bad. */
  settleOthers(existing: ReadonlySet<string>): void {
    for (const [account, ids] of this.others) {
      if (existing.has(account)) continue;
      for (const id of ids) {
        if (!this.bad.has(id))
          this.bad.set(id, `transfer ${id} names a missing account ${account}`);
      }
    }
    this.others.clear();
    this.pendingOthers = 0;
  }

  /** Stored balance beside the journal's, and no customer below zero. */
  accountProblems(): LedgerProblem[] {
    const { _id: id, type, balance } = this.account;
    return accountRowProblems({ id, type, balance: asNumber(balance), derived: this.derived });
  }

  /** The balance at the watermark: the stored one when nothing moved it since. */
  balanceAtWatermark(): number {
    return this.movedAfterWatermark ? this.atWatermark.balance : asNumber(this.account.balance);
  }
}

/** The running totals over every account scanned, and the report. */
export class LedgerTally {
  private accounts = 0;
  private transfers = 0;
  private total = 0;
  private cash = 0;
  private debits = 0;
  private credits = 0;
  private transfersAtWatermark = 0;
  private moved = false;
  private readonly balances: LedgerProblem[] = [];
  private readonly breaks: LedgerProblem[] = [];
  private readonly bad = new Map<string, string>();
  readonly watermark: string;

  /** `watermarkTime`: ms; every transfer minted by then had committed when the check began. */
  constructor(private readonly watermarkTime: number) {
    this.watermark = watermarkId(watermarkTime);
  }

  add(scan: AccountScan): void {
    this.accounts += 1;
    this.transfers += scan.transfers;
    this.balances.push(...scan.accountProblems());
    this.breaks.push(...scan.breaks);
    for (const [id, message] of scan.bad) if (!this.bad.has(id)) this.bad.set(id, message);
    const atWatermark = scan.balanceAtWatermark();
    this.total += atWatermark;
    if (scan.account.type === 'system') this.cash += atWatermark;
    this.debits += scan.atWatermark.debits;
    this.credits += scan.atWatermark.credits;
    this.transfersAtWatermark += scan.atWatermark.transfers;
    if (scan.movedAfterWatermark) this.moved = true;
  }

  /** `journalAtWatermark`: how many transfers up to the watermark the journal holds. */
  report(journalAtWatermark?: number): LedgerReport {
    const problems = [...this.balances];
    const asOf = ` as of ${new Date(this.watermarkTime).toISOString()}`;
    if (this.total !== 0) {
      const parts = ` (cash sub-accounts ${this.cash}, customers ${this.total - this.cash}${this.moved ? `,${asOf}` : ''})`;
      problems.push(nonzeroTotal(this.total, parts));
    }
    if (this.debits !== this.credits) {
      problems.push({
        kind: 'nonzero_total',
        stored: this.debits - this.credits,
        derived: 0,
        message: `the accounts' histories${asOf} debit ${this.debits} but credit ${this.credits}: a transfer is missing from one side's history`,
      });
    }
    for (const [transferId, message] of this.bad) {
      problems.push({ kind: 'bad_transfer', transferId, message });
    }
    if (journalAtWatermark !== undefined && journalAtWatermark !== this.transfersAtWatermark) {
      problems.push({
        kind: 'bad_transfer',
        message: `the journal holds ${journalAtWatermark} transfers${asOf}, but the debit sides' histories ${this.transfersAtWatermark}: some transfers are on no existing account's history`,
      });
    }
    problems.push(...this.breaks);
    return {
      ok: problems.length === 0,
      accounts: this.accounts,
      transfers: this.transfers,
      total: this.total,
      problems,
    };
  }
}
