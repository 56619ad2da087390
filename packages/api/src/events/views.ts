import { type Json, requestOfEvent, transferOfEvent, type UserEvent } from '@quickpay/db';
import { type RequestView, requestView } from '../requests/views.ts';
import type { TransferView } from '../shared/views.ts';
import { transferView } from '../shared/views.ts';

/** Why a stream ended its session: signed out (here or elsewhere), a password change, expiry. */
export type SessionEndReason = 'revoked' | 'password_changed' | 'expired';

/**
 * What `events.subscribe` yields: `{id, type, at, ...}`. `id` is the user's event number
 * (tracked: a reconnect sends the last one and resumes after it); session_ended has none.
 */
export type LiveEvent =
  | { id: string; type: 'transfer'; at: string; transfer: TransferView; balance: number }
  | {
      id: string;
      type: 'goal';
      at: string;
      goalId: string;
      savedAmount: number;
      transfer: TransferView;
    }
  | {
      id: string;
      type: 'goal';
      at: string;
      goalId: string;
      /** A goal created, renamed or re-targeted, or closed (money moves carry `transfer`). */
      change: GoalChange;
      name: string;
      status: string;
    }
  | { id: string; type: 'request'; at: string; request: RequestView }
  | { id: string; type: 'schedule'; at: string; [field: string]: Json }
  | { id: ''; type: 'session_ended'; at: string; reason: SessionEndReason };

export type GoalChange = 'created' | 'updated' | 'closed';
const GOAL_CHANGES: readonly Json[] = ['created', 'updated', 'closed'];

/** A stored event as the user sees it (amounts signed from their side). */
export function liveEvent(e: UserEvent): LiveEvent {
  const base = { id: String(e.seq), at: e.at.toISOString() };
  // A goal event with `change` is about the goal itself; without, money moved in or out.
  const { goalId, change, name, status } = e.payload;
  if (e.type === 'goal' && typeof goalId === 'string' && GOAL_CHANGES.includes(change ?? null)) {
    return {
      ...base,
      type: 'goal',
      goalId,
      change: change as GoalChange,
      name: String(name ?? ''),
      status: String(status ?? ''),
    };
  }
  switch (e.type) {
    case 'transfer':
    case 'goal': {
      const { account, transfer } = transferOfEvent(e);
      const view = transferView(transfer, account);
      if (!view) throw new Error(`event ${e.seq}: transfer does not touch ${account}`);
      if (e.type === 'transfer') {
        return { ...base, type: 'transfer', transfer: view, balance: view.balanceAfter };
      }
      return {
        ...base,
        type: 'goal',
        goalId: account.slice(2),
        savedAmount: view.balanceAfter,
        transfer: view,
      };
    }
    case 'request':
      return { ...base, type: 'request', request: requestView(requestOfEvent(e), e.userId) };
    case 'schedule':
      return { ...e.payload, ...base, type: 'schedule' };
    case 'session_ended':
      // Never stored by this code; a stored one is shown as it is, without an id.
      return { id: '', at: base.at, type: 'session_ended', reason: 'revoked' };
  }
}
