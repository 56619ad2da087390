import { cashSubAccounts, postingSides } from '../cash.ts';
import { transferEvents } from '../events.ts';
import { newId, SYSTEM_ACCOUNT } from '../ids.ts';
import type { Minor } from '../money.ts';
import {
  accountNotFound,
  checkTransferAccounts,
  checkTransferRequest,
  idempotencyConflict,
} from '../rules.ts';
import { alertSms } from '../transfer-alert.ts';
import type { PostedTransfer, PostTransferInput } from '../types.ts';
import type { Posting, SqliteConnection } from './context.ts';
import { createEventWriter } from './events.ts';
import { type AccountRow, type TransferRow, toTransfer } from './rows.ts';
import { createSmsWriter } from './sms.ts';

/** What makes two requests with one idempotency key "the same request". */
export const fingerprint = (i: PostTransferInput): string =>
  JSON.stringify([i.kind, i.debit, i.credit, i.amount, i.note ?? '']);

/**
 * The posting core. `post` must run inside a write transaction (the caller owns it);
 * it checks everything before writing, so a refusal leaves nothing to undo.
 */
export function createPosting(ctx: SqliteConnection): Posting {
  const { db } = ctx;
  const events = createEventWriter(ctx);
  const queueSms = createSmsWriter(ctx);
  const byKey = db.prepare<[string, string], TransferRow>(
    'SELECT * FROM transfers WHERE initiator_id = ? AND idempotency_key = ?',
  );
  const byId = db.prepare<[string], TransferRow>('SELECT * FROM transfers WHERE id = ?');
  const account = db.prepare<[string], AccountRow>('SELECT * FROM ledger_accounts WHERE id = ?');
  const cash = cashSubAccounts();
  const cashTotal = db
    .prepare<string[], number>(
      `SELECT SUM(balance) FROM ledger_accounts WHERE id IN (${cash.map(() => '?').join(',')})`,
    )
    .pluck();
  // The lifetime totals move with the balance, in the same statement (no extra write).
  const addBalance = db.prepare<{ delta: number; id: string }, { balance: number }>(
    `UPDATE ledger_accounts SET balance = balance + @delta,
       total_in = total_in + MAX(@delta, 0), total_out = total_out + MAX(-@delta, 0)
     WHERE id = @id RETURNING balance`,
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
      if (earlier.fingerprint !== fp) throw idempotencyConflict();
      return { transfer: toTransfer(earlier), replayed: true };
    }
    checkTransferRequest(input, ctx.maxAmount);
    const sides = postingSides(input); // the cash side: one sub-account (cash.ts)
    const { debit, credit } = checkTransferAccounts(
      input,
      account.get(sides.debit),
      account.get(sides.credit),
    );
    const { amount } = input;
    const debitAfter = addBalance.get({ delta: -amount, id: debit.id })?.balance ?? 0;
    const creditAfter = addBalance.get({ delta: amount, id: credit.id })?.balance ?? 0;
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
    // The outbox row too: an alert exists exactly when its transfer committed.
    if (input.alert) queueSms(alertSms(input.alert, transfer));
    return { transfer, replayed: false };
  }

  return {
    post,
    getTransfer: (id) => {
      const row = byId.get(id);
      return row ? toTransfer(row) : null;
    },
    getAccountTotals: (id) => {
      const row = account.get(id);
      if (!row) throw accountNotFound(id);
      return {
        balance: row.balance as Minor,
        income: row.total_in as Minor,
        expense: (0 - row.total_out) as Minor,
      };
    },
    getBalance: (id) => {
      if (id === SYSTEM_ACCOUNT) return (cashTotal.get(...cash) ?? 0) as Minor;
      const row = account.get(id);
      if (!row) throw accountNotFound(id);
      return row.balance as Minor;
    },
  };
}
