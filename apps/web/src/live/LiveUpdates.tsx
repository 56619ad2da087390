import type { LiveEvent } from '@quickpay/api';
import { useTRPC, useTRPCClient } from '@quickpay/client/react';
import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useCurrency } from '../lib/currency.ts';
import { formatMoney } from '../lib/money.ts';
import { signedIn } from '../lib/signed-in.ts';

interface Toast {
  key: number;
  text: string;
}

const REASONS: Record<string, string> = {
  revoked: 'You were signed out (this session was ended on another device or by a log-out).',
  password_changed: 'Your password was changed, so every other session was signed out.',
  expired: 'Your session expired.',
};

/** What a live event tells the user, if it is worth a notification. */
function notice(e: LiveEvent, currency: string): string | null {
  if (e.type === 'transfer' && e.transfer.amount > 0 && e.transfer.kind === 'transfer') {
    const from = e.transfer.counterparty.name || `account ${e.transfer.counterparty.accountNumber}`;
    return `Received ${formatMoney(e.transfer.amount, currency)} from ${from}`;
  }
  if (
    e.type === 'request' &&
    e.request.direction === 'incoming' &&
    e.request.status === 'pending'
  ) {
    return `${e.request.requester.maskedName} asks you for ${formatMoney(e.request.amount, currency)}`;
  }
  if (e.type === 'request' && e.request.direction === 'outgoing' && e.request.status === 'paid') {
    return `${e.request.payer.maskedName} paid your request of ${formatMoney(e.request.amount, currency)}`;
  }
  return null;
}

/**
 * The signed-in page's live connection (events.subscribe over server-sent events): money
 * in or out, goals and requests refresh what is on screen without a reload, incoming
 * money and requests show a notification, and a session ended elsewhere goes to log-in
 * with the reason. The browser's EventSource reconnects by itself with the last event
 * id, so nothing is missed; an expired access cookie is renewed, then it reconnects.
 */
export function LiveUpdates() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const currency = useCurrency();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const seq = useRef(0);

  const toast = useCallback((text: string) => {
    const key = ++seq.current;
    setToasts((t) => [...t.slice(-3), { key, text }]);
    setTimeout(() => setToasts((t) => t.filter((x) => x.key !== key)), 8_000);
  }, []);

  const sub = useSubscription(
    trpc.events.subscribe.subscriptionOptions(undefined, {
      onData: (item) => {
        // Tracked events arrive as {id, data}; session_ended (no id) as itself.
        const e: LiveEvent = 'data' in item ? item.data : item;
        if (e.type === 'session_ended') {
          signedIn.set(false);
          queryClient.clear();
          void navigate('/login', {
            replace: true,
            state: {
              reason: REASONS[e.reason],
              from: `${window.location.pathname}${window.location.search}`,
            },
          });
          return;
        }
        // Balances, history, goals and requests: whatever is on screen refetches.
        void queryClient.invalidateQueries();
        const text = notice(e, currency);
        if (text) toast(text);
      },
    }),
  );

  // A refused or dropped stream (a 401 reaches us only as a failed EventSource): renew
  // the access cookie, then reconnect; if the session cannot be renewed, go to log-in.
  const { status, reset } = sub;
  useEffect(() => {
    if (status !== 'error') return;
    const retry = setTimeout(() => {
      client.auth.refresh.mutate().then(reset, () => {
        signedIn.set(false);
        void navigate('/login', { replace: true });
      });
    }, 2_000);
    return () => clearTimeout(retry);
  }, [status, reset, client, navigate]);

  return (
    <div className="toasts" role="status" aria-live="polite" data-testid="live-notices">
      {toasts.map((t) => (
        <p key={t.key} className="toast">
          {t.text}
        </p>
      ))}
    </div>
  );
}
