import type Database from 'better-sqlite3';
import { DomainError } from '../errors.ts';
import { transferEvents } from '../events.ts';
import { type LedgerAccountId, newId } from '../ids.ts';
import { BALANCE_LIMIT, type Minor } from '../money.ts';
import type { PostedTransfer, PostTransferInput, Transfer } from '../types.ts';
import { createEventWriter } from './events.ts';
import { type AccountRow, type TransferRow, toTransfer } from './rows.ts';

export interface SqliteContext {
  db: Database.Database;
  now: () => number;
  maxAmount: Minor;
}

/** What makes two requests with one idempotency key "the same request". */
export const fingerprint = (i: PostTransferInput): string =>
  JSON.stringify([i.kind, i.debit, i.credit, i.amount, i.note ?? '']);

/**
 * The posting core. `post` must run inside a write transaction (the caller owns it);
 * it checks everything before writing, so a refusal leaves nothing to undo.
 */
export function createLedger(ctx: SqliteContext) {
  const { db } = ctx;
  const events = createEventWriter(ctx);
  const byKey = db.prepare<[string, string], TransferRow>(
    'SELECT * FROM transfers WHERE initiator_id = ? AND idempotency_key = ?',
  );
  const byId = db.prepare<[string], TransferRow>('SELECT * FROM transfers WHERE id = ?');
  const account = db.prepare<[string], AccountRow>('SELECT * FROM ledger_accounts WHERE id = ?');
  const addBalance = db.prepare<[number, string], { balance: number }>(
    'UPDATE ledger_accounts SET balance = balance + ? WHERE id = ? RETURNING balance',
  );
  const insert = db.prepare<[Omit<TransferRow, 'seq'>], { seq: number }>(`
    INSERT INTO transfers (id, kind, amount,
      debit_account, debit_balance_after, debit_label, debit_account_number, debit_owner_id,
      credit_account, credit_balance_after, credit_label, credit_account_number, credit_owner_id,
      note, initiator_id, idempotency_key, fingerprint, created_at)
    VALUES (@id, @kind, @amount,
      @debit_account, @debit_balance_after, @debit_label, @debit_account_number, @debit_owner_id,
      @credit_account, @credit_balance_after, @credit_label, @credit_account_number, @credit_owner_id,
      @note, @initiator_id, @idempotency_key, @fingerprint, @created_at)
    RETURNING seq`);

  function post(input: PostTransferInput): PostedTransfer {
    const fp = fingerprint(input);
    const earlier = byKey.get(input.initiatorId, input.idempotencyKey);
    if (earlier) {
      if (earlier.fingerprint !== fp) {
        throw new DomainError('IDEMPOTENCY_CONFLICT', 'idempotency key reused for another request');
      }
      return { transfer: toTransfer(earlier), replayed: true };
    }
    const { amount } = input;
    // A goal's refund returns savings that may have grown past one operation's limit.
    const limited = input.kind !== 'goal_refund';
    if (!Number.isSafeInteger(amount) || amount <= 0 || (limited && amount > ctx.maxAmount)) {
      throw new DomainError('INVALID_AMOUNT', `amount must be an integer in 1..${ctx.maxAmount}`);
    }
    if (input.debit === input.credit) {
      throw new DomainError('SELF_TRANSFER', 'debit and credit accounts are the same');
    }
    const debit = account.get(input.debit);
    const credit = account.get(input.credit);
    if (!debit || !credit) {
      throw new DomainError(
        'ACCOUNT_NOT_FOUND',
        `no ledger account ${debit ? input.credit : input.debit}`,
      );
    }
    if (debit.status === 'closed' || credit.status === 'closed') {
      throw new DomainError('GOAL_CLOSED', 'the goal is closed');
    }
    if (debit.type !== 'system' && debit.balance < amount) {
      throw new DomainError('INSUFFICIENT_FUNDS', 'balance too low');
    }
    // Past the safe-integer range balances silently lose units; written so no sum overflows.
    if (debit.balance < amount - BALANCE_LIMIT || credit.balance > BALANCE_LIMIT - amount) {
      throw new DomainError('BALANCE_LIMIT', 'a balance would exceed the largest amount held');
    }
    const debitAfter = addBalance.get(-amount, debit.id)?.balance ?? 0;
    const creditAfter = addBalance.get(amount, credit.id)?.balance ?? 0;
    const now = ctx.now();
    const row: Omit<TransferRow, 'seq'> = {
      id: newId(now),
      kind: input.kind,
      amount,
      debit_account: debit.id,
      debit_balance_after: debitAfter,
      debit_label: debit.label,
      debit_account_number: debit.account_number,
      debit_owner_id: debit.owner_id,
      credit_account: credit.id,
      credit_balance_after: creditAfter,
      credit_label: credit.label,
      credit_account_number: credit.account_number,
      credit_owner_id: credit.owner_id,
      note: input.note ?? '',
      initiator_id: input.initiatorId,
      idempotency_key: input.idempotencyKey,
      fingerprint: fp,
      created_at: now,
    };
    const seq = insert.get(row)?.seq ?? 0;
    const transfer = toTransfer({ ...row, seq });
    events.write(transferEvents(transfer)); // in this transaction: no money moves untold
    return { transfer, replayed: false };
  }

  const getTransfer = (id: string): Transfer | null => {
    const row = byId.get(id);
    return row ? toTransfer(row) : null;
  };

  const getBalance = (id: LedgerAccountId): Minor => {
    const row = account.get(id);
    if (!row) throw new DomainError('ACCOUNT_NOT_FOUND', `no ledger account ${id}`);
    return row.balance as Minor;
  };

  return { post, getTransfer, getBalance };
}

export type Ledger = ReturnType<typeof createLedger>;
