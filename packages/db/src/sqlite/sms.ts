import type { SmsArea } from '../areas.ts';
import { newId } from '../ids.ts';
import { newSmsFields } from '../records.ts';
import type { NewSms, SmsMessage } from '../types.ts';
import type { SqliteConnection, SqliteContext } from './context.ts';
import { type SmsRow, toSms } from './rows.ts';

/**
 * Inserts an outbox row on the caller's connection and transaction: enqueueSms, and a
 * transfer's alert inside the posting's transaction (posting.ts).
 */
export function createSmsWriter({ db, now }: SqliteConnection): (input: NewSms) => SmsMessage {
  const insert = db.prepare<[SmsRow], SmsRow>(`
    INSERT INTO sms_outbox (id, to_number, body, purpose, status, attempts, next_attempt_at,
      last_error, provider_id, created_at, sent_at)
    VALUES (@id, @to_number, @body, @purpose, @status, @attempts, @next_attempt_at,
      @last_error, @provider_id, @created_at, @sent_at)
    RETURNING *`);
  return (input) => {
    const at = now();
    const m = newSmsFields(input, new Date(at));
    const row = insert.get({
      id: newId(at),
      to_number: m.to,
      body: m.body,
      purpose: m.purpose,
      status: m.status,
      attempts: m.attempts,
      next_attempt_at: at,
      last_error: m.lastError,
      provider_id: m.providerId,
      created_at: at,
      sent_at: m.sentAt ? at : null,
    });
    if (!row) throw new Error('sms insert returned nothing');
    return toSms(row);
  };
}

export function sms(ctx: SqliteContext): SmsArea {
  const { db, now } = ctx;
  const write = createSmsWriter(ctx);
  // 'sending' rows whose lease ran out were claimed by a worker that died: claim them again.
  const due = db.prepare<[number, number], { id: string }>(`
    SELECT id FROM sms_outbox
    WHERE status IN ('pending', 'sending') AND next_attempt_at <= ?
    ORDER BY next_attempt_at, rowid LIMIT ?`);
  const lease = db.prepare<[number, string], SmsRow>(`
    UPDATE sms_outbox SET status = 'sending', next_attempt_at = ?, attempts = attempts + 1
    WHERE id = ? RETURNING *`);
  const sent = db.prepare<[string | null, number, string]>(`
    UPDATE sms_outbox SET status = 'sent', provider_id = ?, sent_at = ?, last_error = NULL
    WHERE id = ?`);
  const failed = db.prepare<[string, string, number | null, string]>(`
    UPDATE sms_outbox SET last_error = ?, status = ?, next_attempt_at = COALESCE(?, next_attempt_at)
    WHERE id = ?`);
  const list = db.prepare<[{ to: string | null; limit: number }], SmsRow>(`
    SELECT * FROM sms_outbox WHERE (@to IS NULL OR to_number = @to)
    ORDER BY created_at DESC, rowid DESC LIMIT @limit`);

  const claim = db.transaction((limit: number, leaseMs: number): SmsMessage[] => {
    const at = now();
    return due
      .all(at, limit)
      .map(({ id }) => lease.get(at + leaseMs, id))
      .filter((r): r is SmsRow => r !== undefined)
      .map(toSms);
  });

  return {
    enqueueSms: async (input) => write(input),
    claimDueSms: async (limit, leaseMs) => claim.immediate(limit, leaseMs),
    markSmsSent: async (id, providerId) => {
      sent.run(providerId, now(), id);
    },
    markSmsFailed: async (id, error, retryAt) => {
      failed.run(error, retryAt ? 'pending' : 'failed', retryAt ? retryAt.getTime() : null, id);
    },
    listSms: async (options) =>
      list
        .all({ to: options?.to ?? null, limit: Math.min(500, Math.max(1, options?.limit ?? 50)) })
        .map(toSms),
  };
}
