import type {
  Contact,
  Goal,
  HistoryEntry,
  LedgerAccountId,
  Transfer,
  TransferKind,
  TransferSide,
} from '@quickpay/db';
import { scheduleIdOfKey } from '@quickpay/db';

/** The other side of a transfer as the caller sees it. */
export interface CounterpartyView {
  type: 'user' | 'goal' | 'cash';
  /** Holder's name for a user, the goal's name, or 'Cash'. */
  name: string;
  accountNumber: number | null;
  goalId: string | null;
}

/** One transfer seen from the caller's main account: `amount` signed, money in positive. */
export interface TransferView {
  id: string;
  kind: TransferKind;
  amount: number;
  balanceAfter: number;
  counterparty: CounterpartyView;
  note: string;
  createdAt: string;
  /** The caller's schedule that made this transfer (outgoing side only), else null. */
  scheduleId: string | null;
}

export function counterpartyView(side: TransferSide): CounterpartyView {
  const { account } = side;
  if (account.startsWith('g:')) {
    return { type: 'goal', name: side.label, accountNumber: null, goalId: account.slice(2) };
  }
  if (account.startsWith('u:')) {
    return { type: 'user', name: side.label, accountNumber: side.accountNumber, goalId: null };
  }
  return { type: 'cash', name: side.label, accountNumber: null, goalId: null };
}

/** Null when `account` is on neither side (the transfer is not the caller's). */
export function transferView(t: Transfer, account: LedgerAccountId): TransferView | null {
  const incoming = t.credit.account === account;
  if (!incoming && t.debit.account !== account) return null;
  const mine = incoming ? t.credit : t.debit;
  return {
    id: t.id,
    kind: t.kind,
    amount: incoming ? t.amount : -t.amount,
    balanceAfter: mine.balanceAfter,
    counterparty: counterpartyView(incoming ? t.debit : t.credit),
    note: t.note,
    createdAt: t.createdAt.toISOString(),
    scheduleId: incoming ? null : scheduleIdOfKey(t.idempotencyKey),
  };
}

export const historyView = (e: HistoryEntry): TransferView => ({
  id: e.transfer.id,
  kind: e.transfer.kind,
  amount: e.amount,
  balanceAfter: e.balanceAfter,
  counterparty: counterpartyView(e.counterparty),
  note: e.transfer.note,
  createdAt: e.transfer.createdAt.toISOString(),
  scheduleId: e.amount < 0 ? scheduleIdOfKey(e.transfer.idempotencyKey) : null,
});

export interface GoalView {
  id: string;
  name: string;
  targetAmount: number;
  savedAmount: number;
  color: string;
  description: string;
  targetDate: string | null;
  status: 'active' | 'closed';
  createdAt: string;
  closedAt: string | null;
}

export const goalView = (g: Goal): GoalView => ({
  id: g.id,
  name: g.name,
  targetAmount: g.targetAmount,
  savedAmount: g.savedAmount,
  color: g.color,
  description: g.description,
  targetDate: g.targetDate?.toISOString() ?? null,
  status: g.status,
  createdAt: g.createdAt.toISOString(),
  closedAt: g.closedAt?.toISOString() ?? null,
});

export interface ContactView {
  id: string;
  accountNumber: number;
  nickname: string;
  relation: string;
  createdAt: string;
}

export const contactView = (c: Contact): ContactView => ({
  id: c.id,
  accountNumber: c.accountNumber,
  nickname: c.nickname,
  relation: c.relation,
  createdAt: c.createdAt.toISOString(),
});
