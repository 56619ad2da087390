import type { RequestsArea } from '../areas.ts';
import { DomainError } from '../errors.ts';
import { requestEvents } from '../events.ts';
import { newId, userAccount } from '../ids.ts';
import type { Minor } from '../money.ts';
import type { MoneyRequest, NewMoneyRequest, PaidRequest, PayRequestInput } from '../types.ts';
import type { SqliteContext } from './context.ts';
import { createEventWriter } from './events.ts';

interface RequestRow {
  id: string;
  requester_id: string;
  payer_id: string;
  amount: number;
  note: string;
  status: 'pending' | 'paid' | 'declined' | 'cancelled';
  created_at: number;
  expires_at: number;
  settled_at: number | null;
  transfer_id: string | null;
  create_key: string;
  fingerprint: string;
  pay_key: string | null;
  requester_account_number: number;
  payer_account_number: number;
  requester_name: string;
  payer_name: string;
}

const SELECT = `SELECT r.*, ru.account_number AS requester_account_number,
  pu.account_number AS payer_account_number, ru.full_name AS requester_name,
  pu.full_name AS payer_name
  FROM money_requests r JOIN users ru ON ru.id = r.requester_id JOIN users pu ON pu.id = r.payer_id`;

/** The ledger key of a request's payment: at most one transfer per request, by construction. */
export const requestTransferKey = (requestId: string): string => `request:${requestId}`;

export const requestFingerprint = (i: NewMoneyRequest): string =>
  JSON.stringify([i.payerId, i.amount, i.note ?? '', i.ttlMs]);

export function requests(ctx: SqliteContext): RequestsArea {
  const { db, now, posting: ledger } = ctx;
  const events = createEventWriter(ctx);
  const byId = db.prepare<[string], RequestRow>(`${SELECT} WHERE r.id = ?`);
  const byKey = db.prepare<[string, string], RequestRow>(
    `${SELECT} WHERE r.requester_id = ? AND r.create_key = ?`,
  );
  const userExists = db.prepare<[string], number>('SELECT 1 FROM users WHERE id = ?').pluck();
  const enabledOf = db
    .prepare<[string], number>('SELECT enabled FROM request_settings WHERE user_id = ?')
    .pluck();
  const setEnabled = db.prepare<[string, number]>(
    `INSERT INTO request_settings (user_id, enabled) VALUES (?, ?)
     ON CONFLICT (user_id) DO UPDATE SET enabled = excluded.enabled`,
  );
  const insert = db.prepare(`
    INSERT INTO money_requests (id, requester_id, payer_id, amount, note, status, created_at,
      expires_at, create_key, fingerprint)
    VALUES (@id, @requester_id, @payer_id, @amount, @note, 'pending', @created_at,
      @expires_at, @create_key, @fingerprint)`);
  const settle = db.prepare<[string, number, string | null, string | null, string]>(
    `UPDATE money_requests SET status = ?, settled_at = ?, transfer_id = ?, pay_key = ?
     WHERE id = ? AND status = 'pending'`,
  );

  const view = (r: RequestRow): MoneyRequest => ({
    id: r.id,
    requesterId: r.requester_id,
    payerId: r.payer_id,
    requesterAccountNumber: r.requester_account_number,
    payerAccountNumber: r.payer_account_number,
    requesterName: r.requester_name,
    payerName: r.payer_name,
    amount: r.amount as Minor,
    note: r.note,
    status: r.status === 'pending' && r.expires_at <= now() ? 'expired' : r.status,
    createdAt: new Date(r.created_at),
    expiresAt: new Date(r.expires_at),
    settledAt: r.settled_at === null ? null : new Date(r.settled_at),
    transferId: r.transfer_id,
  });

  const must = (id: string): RequestRow => {
    const row = byId.get(id);
    if (!row) throw new DomainError('REQUEST_NOT_FOUND', 'no such request');
    return row;
  };

  const create = db.transaction((input: NewMoneyRequest) => {
    const fp = requestFingerprint(input);
    const earlier = byKey.get(input.requesterId, input.idempotencyKey);
    if (earlier) {
      if (earlier.fingerprint !== fp) {
        throw new DomainError('IDEMPOTENCY_CONFLICT', 'idempotency key reused for another request');
      }
      return { request: view(earlier), replayed: true };
    }
    const { amount } = input;
    if (!Number.isSafeInteger(amount) || amount <= 0 || amount > ctx.maxAmount) {
      throw new DomainError('INVALID_AMOUNT', `amount must be an integer in 1..${ctx.maxAmount}`);
    }
    if (input.payerId === input.requesterId) {
      throw new DomainError('SELF_TRANSFER', 'you cannot ask yourself for money');
    }
    if (!userExists.get(input.payerId) || !userExists.get(input.requesterId)) {
      throw new DomainError('USER_NOT_FOUND', 'no such user');
    }
    if (enabledOf.get(input.payerId) === 0) {
      throw new DomainError('REQUESTS_OFF', 'this account does not take money requests');
    }
    const at = now();
    const id = newId(at);
    insert.run({
      id,
      requester_id: input.requesterId,
      payer_id: input.payerId,
      amount,
      note: input.note ?? '',
      created_at: at,
      expires_at: at + input.ttlMs,
      create_key: input.idempotencyKey,
      fingerprint: fp,
    });
    const request = view(must(id));
    events.write(requestEvents(request));
    return { request, replayed: false };
  });

  const pay = db.transaction((input: PayRequestInput): PaidRequest => {
    const row = must(input.requestId);
    if (row.payer_id !== input.payerId) {
      if (row.requester_id !== input.payerId) {
        throw new DomainError('REQUEST_NOT_FOUND', 'no such request');
      }
      throw new DomainError('REQUEST_FORBIDDEN', 'only the payer can pay a request');
    }
    if (row.status === 'paid' && row.pay_key === input.idempotencyKey && row.transfer_id) {
      const transfer = ledger.getTransfer(row.transfer_id);
      if (transfer) return { request: view(row), transfer, replayed: true };
    }
    if (row.status !== 'pending') {
      throw new DomainError('REQUEST_NOT_PENDING', `the request is ${row.status}`);
    }
    if (row.expires_at <= now()) throw new DomainError('REQUEST_EXPIRED', 'the request expired');
    const { transfer } = ledger.post({
      kind: 'transfer',
      debit: userAccount(row.payer_id),
      credit: userAccount(row.requester_id),
      amount: row.amount as Minor,
      note: row.note,
      initiatorId: row.payer_id,
      idempotencyKey: requestTransferKey(row.id),
      ...(input.alert ? { alert: input.alert } : {}),
    });
    settle.run('paid', now(), transfer.id, input.idempotencyKey, row.id);
    const request = view(must(row.id));
    events.write(requestEvents(request));
    return { request, transfer, replayed: false };
  });

  const close = db.transaction(
    (id: string, actorId: string, outcome: 'declined' | 'cancelled'): MoneyRequest => {
      const row = must(id);
      const party = outcome === 'declined' ? row.payer_id : row.requester_id;
      if (party !== actorId) {
        if (row.payer_id !== actorId && row.requester_id !== actorId) {
          throw new DomainError('REQUEST_NOT_FOUND', 'no such request');
        }
        const who = outcome === 'declined' ? 'payer can decline' : 'requester can cancel';
        throw new DomainError('REQUEST_FORBIDDEN', `only the ${who} a request`);
      }
      if (row.status === outcome) return view(row);
      if (row.status !== 'pending') {
        throw new DomainError('REQUEST_NOT_PENDING', `the request is ${row.status}`);
      }
      if (row.expires_at <= now()) throw new DomainError('REQUEST_EXPIRED', 'the request expired');
      settle.run(outcome, now(), null, null, row.id);
      const request = view(must(row.id));
      events.write(requestEvents(request));
      return request;
    },
  );

  const listBy = (side: 'payer' | 'requester') =>
    db.prepare<[{ user: string; now: number; status: string | null; limit: number }], RequestRow>(
      `${SELECT} WHERE r.${side}_id = @user AND (@status IS NULL OR
         (CASE WHEN r.status = 'pending' AND r.expires_at <= @now THEN 'expired'
          ELSE r.status END) = @status)
       ORDER BY r.created_at DESC, r.id DESC LIMIT @limit`,
    );
  const incoming = listBy('payer');
  const outgoing = listBy('requester');

  return {
    createRequest: async (input) => create.immediate(input),
    getRequest: async (id) => {
      const row = byId.get(id);
      return row ? view(row) : null;
    },
    listRequests: async (userId, direction, options = {}) => {
      const limit = Math.max(1, Math.min(options.limit ?? 100, 500));
      const stmt = direction === 'incoming' ? incoming : outgoing;
      return stmt
        .all({ user: userId, now: now(), status: options.status ?? null, limit })
        .map(view);
    },
    payRequest: async (input) => pay.immediate(input),
    closeRequest: async (id, actorId, outcome) => close.immediate(id, actorId, outcome),
    requestsEnabled: async (userId) => enabledOf.get(userId) !== 0,
    setRequestsEnabled: async (userId, enabled) => {
      setEnabled.run(userId, enabled ? 1 : 0);
    },
  };
}
