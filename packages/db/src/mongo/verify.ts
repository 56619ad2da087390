import type { ClientSession, ReadConcernLike, ReadPreferenceLike } from 'mongodb';
import type { LedgerAccountId } from '../ids.ts';
import type { LedgerReport } from '../types.ts';
import type { MongoContext } from './context.ts';
import type { AccountDoc } from './docs.ts';
import {
  AccountScan,
  type JournalTransfer,
  LedgerTally,
  legFilter,
  type ScannedAccount,
} from './verify-scan.ts';

/**
 * How the check reads: from a secondary when one is up (the check is one long read,
 * kept off the primary that takes the writes), else from the primary; at majority, so
 * nothing it reads can be rolled back. In one causally consistent session, so each read
 * sees at least what the previous one saw, whichever member serves it.
 */
export const VERIFY_READ: { readPreference: ReadPreferenceLike; readConcern: ReadConcernLike } = {
  readPreference: 'secondaryPreferred',
  readConcern: { level: 'majority' },
};

/**
 * The watermark's distance behind the check's start. Every transfer minted before it must
 * have committed, majority-acknowledged, when the check starts: a transaction lives at
 * most 60 s on the server (transactionLifetimeLimitSeconds); add the servers' clock skew
 * and any replication lag, with a wide margin. Past it, the global sums could count a
 * transfer on one side only (the per-account checks do not depend on it).
 */
export const SETTLE_MS = 5 * 60_000;

/** Accounts read per page (then their legs, account by account). */
const PAGE = 1_000;
/** Other-side accounts looked up in one query. */
const LOOKUP = 1_000;
/** Accounts known to exist, remembered between lookups (cleared when full). */
const KNOWN = 50_000;

const ACCOUNT_FIELDS = { _id: 1, type: 1, balance: 1, lastTransferId: 1 } as const;
const LEG_FIELDS = {
  _id: 1,
  amount: 1,
  accounts: 1,
  'debit.account': 1,
  'debit.balanceAfter': 1,
  'credit.account': 1,
  'credit.balanceAfter': 1,
} as const;

export interface VerifyOptions {
  /** SETTLE_MS unless given (tests with a ledger that just moved pass 0). */
  settleMs?: number;
}

/**
 * Re-derives every balance from the journal and checks the invariants (verify-scan.ts),
 * streaming: one page of accounts, then each account's legs in commit order, with
 * running sums only. No snapshot is held, so a journal of any size is checked (a
 * snapshot expires after minSnapshotHistoryWindowInSeconds, 300 s by default), and
 * transfers committed meanwhile are left out consistently, never reported as breaks.
 */
export async function verifyLedger(
  ctx: MongoContext,
  options: VerifyOptions = {},
): Promise<LedgerReport> {
  const session = ctx.client.startSession({ causalConsistency: true });
  try {
    // One majority read on the primary first: the session's later reads, on any member,
    // then see every transfer acknowledged before the check began.
    await ctx.col.ledgerAccounts.findOne(
      {},
      { session, readPreference: 'primary', readConcern: VERIFY_READ.readConcern },
    );
    const tally = new LedgerTally(ctx.now() - (options.settleMs ?? SETTLE_MS));
    const known = new Set<string>();
    let after: LedgerAccountId | null = null;
    for (;;) {
      const page: ScannedAccount[] = await ctx.col.ledgerAccounts
        .find(after === null ? {} : { _id: { $gt: after } }, {
          session,
          ...VERIFY_READ,
          sort: { _id: 1 },
          limit: PAGE,
          projection: ACCOUNT_FIELDS,
        })
        .toArray();
      for (const account of page) tally.add(await scanAccount(ctx, session, account, tally, known));
      const last = page.at(-1);
      if (page.length < PAGE || !last) break;
      after = last._id;
    }
    const journal = await ctx.col.transfers.countDocuments(
      { _id: { $lte: tally.watermark } },
      { session, ...VERIFY_READ },
    );
    return tally.report(journal);
  } finally {
    await session.endSession();
  }
}

/**
 * One account: its legs up to its lastTransferId, in id order (= its commit order). An
 * account without one (no transfer since the field exists) has its legs read unbounded;
 * if they do not agree with its balance, it is read again, and if it moved meanwhile
 * (a posting sets lastTransferId) it is checked again with a bound.
 */
async function scanAccount(
  ctx: MongoContext,
  session: ClientSession,
  first: ScannedAccount,
  tally: LedgerTally,
  known: Set<string>,
): Promise<AccountScan> {
  let account = first;
  for (let tries = 1; ; tries++) {
    const scan = new AccountScan(account, tally.watermark);
    const legs = ctx.col.transfers.find<JournalTransfer>(legFilter(account), {
      session,
      ...VERIFY_READ,
      sort: { _id: 1 },
      projection: LEG_FIELDS,
    });
    for await (const t of legs) {
      scan.add(t);
      if (scan.pendingOthers >= LOOKUP) await lookUpOthers(ctx, session, scan, known);
    }
    await lookUpOthers(ctx, session, scan, known);
    // Unbounded legs that agree with the balance are a consistent state as they are.
    const agrees = scan.breaks.length === 0 && scan.accountProblems().length === 0;
    if (account.lastTransferId !== undefined || agrees || tries >= 3) return scan;
    const again: AccountDoc | null = await ctx.col.ledgerAccounts.findOne(
      { _id: account._id },
      { session, ...VERIFY_READ, projection: ACCOUNT_FIELDS },
    );
    if (!again || (again.lastTransferId === undefined && again.balance === account.balance)) {
      return scan;
    }
    account = again;
  }
}

/** Which of the accounts the scan's legs name on their other side exist; the rest are reported. */
async function lookUpOthers(
  ctx: MongoContext,
  session: ClientSession,
  scan: AccountScan,
  known: Set<string>,
): Promise<void> {
  const existing = new Set<string>();
  const unknown: AccountDoc['_id'][] = [];
  for (const a of scan.others.keys()) {
    if (known.has(a)) existing.add(a);
    else unknown.push(a as AccountDoc['_id']);
  }
  if (unknown.length > 0) {
    const found = await ctx.col.ledgerAccounts
      .find({ _id: { $in: unknown } }, { session, ...VERIFY_READ, projection: { _id: 1 } })
      .toArray();
    if (known.size + found.length > KNOWN) known.clear();
    for (const { _id } of found) {
      known.add(_id);
      existing.add(_id);
    }
  }
  scan.settleOthers(existing);
}
