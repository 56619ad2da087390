import type { ClientSession } from 'mongodb';
import { isCashAccount, postingSides, requestedAccount } from '../cash.ts';
import { transferEvents } from '../events.ts';
import { BALANCE_LIMIT } from '../money.ts';
import {
  balanceLimit,
  checkTransferAccounts,
  checkTransferRequest,
  idempotencyConflict,
  insufficientFunds,
} from '../rules.ts';
import { alertSms } from '../transfer-alert.ts';
import type { PostedTransfer, PostTransferInput } from '../types.ts';
import { inLockedTransaction, isDuplicateKey, type MongoContext, nextId } from './context.ts';
import { type AccountDoc, type SideDoc, type TransferDoc, toTransfer } from './docs.ts';
import { writeEvents } from './events.ts';
import { insertSms } from './sms.ts';
import { movedWithTotals } from './totals.ts';

/**
 * Same request = same kind, accounts, amount and note (as the SQLite store's fingerprint).
 * Accounts as the caller named them: a cash sub-account was asked for as SYSTEM_ACCOUNT.
 */
export const sameRequest = (earlier: TransferDoc, input: PostTransferInput): boolean =>
  earlier.kind === input.kind &&
  requestedAccount(earlier.debit.account) === input.debit &&
  requestedAccount(earlier.credit.account) === input.credit &&
  earlier.amount === input.amount &&
  earlier.note === (input.note ?? '');

/** The stored result of an earlier call with the key, or IDEMPOTENCY_CONFLICT. */
export function replay(earlier: TransferDoc, input: PostTransferInput): PostedTransfer {
  if (!sameRequest(earlier, input)) throw idempotencyConflict();
  return { transfer: toTransfer(earlier), replayed: true };
}

// `$type` repeats the unique index's partial filter, so the planner can use that index.
const findByKey = (ctx: MongoContext, input: PostTransferInput, session?: ClientSession) =>
  ctx.col.transfers.findOne(
    {
      initiatorId: input.initiatorId,
      idempotencyKey: { $eq: input.idempotencyKey, $type: 'string' },
    },
    session ? { session } : {},
  );

/** The later of the two accounts' last transfer ids (ids sort by time), if any. */
export function latestTransferId(a: AccountDoc, b: AccountDoc): string | null {
  return [a.lastTransferId ?? '', b.lastTransferId ?? ''].sort().at(-1) || null;
}

const sideOf = (a: AccountDoc, balanceAfter: number): SideDoc => ({
  account: a._id,
  balanceAfter,
  label: a.label,
  accountNumber: a.accountNumber,
  ownerId: a.ownerId,
});

/**
 * The posting core, inside the caller's transaction: checks in the Store's order,
 * then moves the money and records the transfer. A refusal throws before any write.
 */
export async function postInSession(
  ctx: MongoContext,
  session: ClientSession,
  input: PostTransferInput,
): Promise<PostedTransfer> {
  const earlier = await findByKey(ctx, input, session);
  if (earlier) return replay(earlier, input);
  checkTransferRequest(input, ctx.maxAmount);
  const sides = postingSides(input); // the cash side: one sub-account (cash.ts)
  const accounts = ctx.col.ledgerAccounts;
  const found = await accounts
    .find({ _id: { $in: [sides.debit, sides.credit] } }, { session })
    .toArray();
  // closeGoal writes the goal's account too, so a racing close and deposit conflict
  // and one of them retries: no money can land in a goal after it closed.
  const { debit, credit } = checkTransferAccounts(
    input,
    found.find((a) => a._id === sides.debit),
    found.find((a) => a._id === sides.credit),
  );
  const { amount } = input;
  // The id sorts above the last transfer of either account. Those were read in this
  // transaction's snapshot, and the writes below conflict (and retry) if either account
  // changed since, so when they succeed the id follows every committed transfer of both
  // accounts: history order (by id) is commit order, whatever process posted it.
  const now = ctx.now();
  const id = nextId(now, latestTransferId(debit, credit));
  const moved = (delta: number) => movedWithTotals(delta, id);
  // The balance conditions are evaluated on the writes themselves too, not only on the
  // reads above; a refusal here aborts the transaction, undoing the debit.
  const floor = debit.type === 'system' ? amount - BALANCE_LIMIT : amount;
  const debitWrite = async () => {
    const after = await accounts.findOneAndUpdate(
      { _id: debit._id, balance: { $gte: floor } },
      moved(-amount),
      { session, returnDocument: 'after' },
    );
    if (!after) throw debit.type === 'system' ? balanceLimit() : insufficientFunds();
    return after.balance;
  };
  const creditWrite = async () => {
    const after = await accounts.findOneAndUpdate(
      { _id: credit._id, balance: { $lte: BALANCE_LIMIT - amount } },
      moved(amount),
      { session, returnDocument: 'after' },
    );
    if (!after) throw balanceLimit();
    return after.balance;
  };
  // The shared (cash) document last, just before the insert: a transaction holds its
  // write on that document for the shortest time, and a refusal on the customer's side
  // aborts before touching it, so conflicts on it stay rare.
  let debitAfter: number;
  let creditAfter: number;
  if (isCashAccount(debit._id)) {
    creditAfter = await creditWrite();
    debitAfter = await debitWrite();
  } else {
    debitAfter = await debitWrite();
    creditAfter = await creditWrite();
  }
  const doc: TransferDoc = {
    _id: id,
    kind: input.kind,
    amount,
    debit: sideOf(debit, debitAfter),
    credit: sideOf(credit, creditAfter),
    accounts: [debit._id, credit._id],
    note: input.note ?? '',
    initiatorId: input.initiatorId,
    idempotencyKey: input.idempotencyKey,
    createdAt: new Date(now),
  };
  await ctx.col.transfers.insertOne(doc, { session });
  const transfer = toTransfer(doc);
  await writeEvents(ctx, session, transferEvents(transfer)); // same transaction: none untold
  // The outbox message too (a new document: no conflict): it exists iff the transfer does.
  if (input.alert) await insertSms(ctx, alertSms(input.alert, transfer), session);
  return { transfer, replayed: false };
}

export async function postTransfer(
  ctx: MongoContext,
  input: PostTransferInput,
): Promise<PostedTransfer> {
  try {
    // Locked on both accounts (whichever exist): the documents this transaction writes.
    const { debit, credit } = postingSides(input);
    return await inLockedTransaction(
      ctx,
      [debit, credit],
      (session) => postInSession(ctx, session, input),
      isCashAccount(debit) || isCashAccount(credit) ? 'cash movement' : 'transfer',
    );
  } catch (e) {
    // A concurrent call with the same key committed first: answer as a replay (or conflict).
    if (!isDuplicateKey(e)) throw e;
    const earlier = await findByKey(ctx, input);
    if (!earlier) throw e;
    return replay(earlier, input);
  }
}
