/**
 * Live events, store-independent parts: which events a committed transfer or request
 * change produces (written by each store in the same transaction), and their payloads.
 * Payloads are plain JSON so both stores keep them as they are and replay them as is.
 */
import type { LedgerAccountId } from './ids.ts';
import type { Minor } from './money.ts';
import type { Schedule, SettleRun } from './schedules.ts';
import type { Json, MoneyRequest, NewEvent, Transfer, TransferSide, UserEvent } from './types.ts';

/** Events are kept this long by default, then pruned (a reconnect after that reloads instead). */
export const DEFAULT_EVENT_RETENTION_MS = 7 * 24 * 3600 * 1000;
/** Most events one listEvents call returns. */
export const MAX_EVENT_PAGE = 1000;

/** What a store's live feed tells a listener. */
export interface EventWatcher {
  /** One committed event, from any process; at most once per watcher, in commit order per user. */
  onEvent(event: UserEvent): void;
  /** The feed may have missed events (an error, a restart): readers re-read from the store. */
  onGap?(): void;
}

const sideJson = (s: TransferSide): { [key: string]: Json } => ({
  account: s.account,
  balanceAfter: s.balanceAfter,
  label: s.label,
  accountNumber: s.accountNumber,
  ownerId: s.ownerId,
});

/** A transfer as event JSON (no idempotency key: it is the initiator's business). */
export const transferJson = (t: Transfer): { [key: string]: Json } => ({
  id: t.id,
  kind: t.kind,
  amount: t.amount,
  debit: sideJson(t.debit),
  credit: sideJson(t.credit),
  note: t.note,
  initiatorId: t.initiatorId,
  createdAt: t.createdAt.toISOString(),
});

/**
 * One event per side owned by a user: 'transfer' for a main account (u:...), 'goal'
 * for a goal's account (g:...). The payload names the account, so the reader can sign
 * the amount and take the new balance from that side. The cash side has no owner.
 */
export function transferEvents(t: Transfer): NewEvent[] {
  const out: NewEvent[] = [];
  for (const side of [t.debit, t.credit]) {
    if (!side.ownerId) continue;
    const type = side.account.startsWith('g:') ? 'goal' : 'transfer';
    out.push({
      userId: side.ownerId,
      type,
      payload: { account: side.account, transfer: transferJson(t) },
    });
  }
  return out;
}

export const requestJson = (r: MoneyRequest): { [key: string]: Json } => ({
  id: r.id,
  requesterId: r.requesterId,
  payerId: r.payerId,
  requesterAccountNumber: r.requesterAccountNumber,
  payerAccountNumber: r.payerAccountNumber,
  requesterName: r.requesterName,
  payerName: r.payerName,
  amount: r.amount,
  note: r.note,
  status: r.status,
  createdAt: r.createdAt.toISOString(),
  expiresAt: r.expiresAt.toISOString(),
  settledAt: r.settledAt?.toISOString() ?? null,
  transferId: r.transferId,
});

/** A request's new state, told to both parties. */
export const requestEvents = (r: MoneyRequest): NewEvent[] =>
  [r.payerId, r.requesterId].map((userId) => ({
    userId,
    type: 'request',
    payload: { request: requestJson(r) },
  }));

// ── reading payloads back (the API) ─────────────────────────────────────

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function sideFrom(v: unknown): TransferSide {
  if (!isObject(v)) throw new TypeError('event payload: bad transfer side');
  return {
    account: String(v.account) as LedgerAccountId,
    balanceAfter: Number(v.balanceAfter) as Minor,
    label: String(v.label),
    accountNumber: typeof v.accountNumber === 'number' ? v.accountNumber : null,
    ownerId: typeof v.ownerId === 'string' ? v.ownerId : null,
  };
}

/** The account and transfer of a 'transfer' or 'goal' event (idempotencyKey left empty). */
export function transferOfEvent(e: UserEvent): { account: LedgerAccountId; transfer: Transfer } {
  const t = e.payload.transfer;
  if (!isObject(t) || typeof e.payload.account !== 'string') {
    throw new TypeError(`event ${e.userId}/${e.seq}: no transfer in payload`);
  }
  return {
    account: e.payload.account as LedgerAccountId,
    transfer: {
      id: String(t.id),
      kind: t.kind as Transfer['kind'],
      amount: Number(t.amount) as Minor,
      debit: sideFrom(t.debit),
      credit: sideFrom(t.credit),
      note: String(t.note ?? ''),
      initiatorId: String(t.initiatorId),
      idempotencyKey: '',
      createdAt: new Date(String(t.createdAt)),
    },
  };
}

/** The request of a 'request' event. */
export function requestOfEvent(e: UserEvent): MoneyRequest {
  const r = e.payload.request;
  if (!isObject(r)) throw new TypeError(`event ${e.userId}/${e.seq}: no request in payload`);
  return {
    id: String(r.id),
    requesterId: String(r.requesterId),
    payerId: String(r.payerId),
    requesterAccountNumber: Number(r.requesterAccountNumber),
    payerAccountNumber: Number(r.payerAccountNumber),
    requesterName: String(r.requesterName),
    payerName: String(r.payerName),
    amount: Number(r.amount) as Minor,
    note: String(r.note ?? ''),
    status: r.status as MoneyRequest['status'],
    createdAt: new Date(String(r.createdAt)),
    expiresAt: new Date(String(r.expiresAt)),
    settledAt: typeof r.settledAt === 'string' ? new Date(r.settledAt) : null,
    transferId: typeof r.transferId === 'string' ? r.transferId : null,
  };
}

/**
 * What became of a scheduled run, for its owner's stream (type 'schedule'): written in
 * the transaction that records the run, so a recorded run is always told. The run's
 * transfer has its own event, written with the money.
 */
export const scheduleRunEvent = (s: Schedule, run: SettleRun): NewEvent => ({
  userId: s.ownerId,
  type: 'schedule',
  payload: {
    scheduleId: s.id,
    date: run.date,
    status: run.status,
    transferId: run.transferId ?? null,
    reason: run.reason ?? null,
    scheduleStatus: s.status,
    nextRunDate: s.nextRunDate,
  },
});
