import type { RequestView } from '@quickpay/api';
import { useTRPC, useTRPCClient } from '@quickpay/client/react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { AmountField, Field } from '../components/Field.tsx';
import { ErrorAlert, formatDate, Notice, QueryState } from '../components/ui.tsx';
import { actionMessages } from '../lib/action-messages.ts';
import { useCurrency } from '../lib/currency.ts';
import { errorMessage } from '../lib/errors.ts';
import { formatMoney, minorDigits, parsePositiveAmount } from '../lib/money.ts';
import { useMoneyAction } from '../lib/use-money-action.ts';
import { useSession } from '../session.tsx';

const EXPIRY_DAYS = [1, 3, 7, 14, 30] as const;

/** Ask someone for money; pay, decline or cancel requests. Lists refresh live (LiveUpdates). */
export function Requests() {
  const trpc = useTRPC();
  const incoming = useQuery(trpc.requests.list.queryOptions({ direction: 'incoming' }));
  const outgoing = useQuery(trpc.requests.list.queryOptions({ direction: 'outgoing' }));
  return (
    <div className="page">
      <h1>Money requests</h1>
      <AskForm />
      <section className="card stack" aria-labelledby="incoming-h">
        <h2 id="incoming-h">Asked of you</h2>
        <QueryState query={incoming} what="requests to you">
          {() => <RequestList items={incoming.data?.items ?? []} />}
        </QueryState>
      </section>
      <section className="card stack" aria-labelledby="outgoing-h">
        <h2 id="outgoing-h">You asked</h2>
        <QueryState query={outgoing} what="your requests">
          {() => <RequestList items={outgoing.data?.items ?? []} />}
        </QueryState>
      </section>
      <Settings />
    </div>
  );
}

function AskForm() {
  const client = useTRPCClient();
  const currency = useCurrency();
  const expiryId = useId();
  const [from, setFrom] = useState('');
  const [amountText, setAmountText] = useState('');
  const [note, setNote] = useState('');
  const [days, setDays] = useState<number>(7);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const ask = useMoneyAction(
    (input: { from: number; amount: number; note: string; days: number }, idempotencyKey) =>
      client.requests.create.mutate({
        fromAccountNumber: input.from,
        amount: input.amount,
        expiresInDays: input.days,
        idempotencyKey,
        ...(input.note ? { note: input.note } : {}),
      }),
    (r) => {
      setDone(`Asked ${r.payer.maskedName} for ${formatMoney(r.amount, currency)}.`);
      setAmountText('');
      setNote('');
    },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parsePositiveAmount(amountText, minorDigits(currency));
    const account = /^\d{1,15}$/.test(from.trim()) ? Number(from.trim()) : null;
    if (account === null) return setProblem('Enter the account number to ask.');
    if (!parsed.ok) return setProblem(parsed.error);
    setProblem(null);
    setDone(null);
    ask.submit({ from: account, amount: parsed.minor, note: note.trim(), days });
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="ask-h">
      <h2 id="ask-h">Ask for money</h2>
      <Field
        label="Account number to ask"
        inputMode="numeric"
        autoComplete="off"
        value={from}
        onChange={(e) => setFrom(e.target.value)}
      />
      <AmountField
        label={`Amount (${currency})`}
        value={amountText}
        onChange={(e) => setAmountText(e.target.value)}
      />
      <Field
        label="Note (optional)"
        maxLength={140}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <div className="field">
        <label htmlFor={expiryId}>Expires after</label>
        <select id={expiryId} value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {EXPIRY_DAYS.map((d) => (
            <option key={d} value={d}>
              {d === 1 ? '1 day' : `${d} days`}
            </option>
          ))}
        </select>
      </div>
      {problem && <ErrorAlert message={problem} />}
      {ask.isError && <ErrorAlert message={errorMessage(ask.error, actionMessages.askForMoney)} />}
      {done && <Notice>{done}</Notice>}
      <button type="submit" disabled={ask.isPending}>
        {ask.isPending ? 'Asking…' : 'Ask'}
      </button>
    </form>
  );
}

function RequestList({ items }: { items: RequestView[] }) {
  if (items.length === 0) return <p className="muted">None yet.</p>;
  return (
    <ul className="plain stack" data-testid="request-list">
      {items.map((r) => (
        <RequestRow key={r.id} r={r} />
      ))}
    </ul>
  );
}

function RequestRow({ r }: { r: RequestView }) {
  const client = useTRPCClient();
  const session = useSession();
  const queryClient = useQueryClient();
  const currency = useCurrency();
  const who = r.direction === 'incoming' ? r.requester : r.payer;
  const pay = useMoneyAction((_: { id: string }, idempotencyKey) =>
    client.requests.pay.mutate({ requestId: r.id, idempotencyKey }),
  );
  const close = useMutation({
    mutationFn: (what: 'decline' | 'cancel') =>
      session.recover(() => client.requests[what].mutate({ requestId: r.id })),
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const pending = r.status === 'pending';
  return (
    <li className="row" data-testid="request" data-status={r.status}>
      <span>
        <strong>{formatMoney(r.amount, currency)}</strong>{' '}
        {r.direction === 'incoming' ? 'from' : 'to'} {who.maskedName} ({who.accountNumber})
        {r.note && <> · {r.note}</>} · <span className="muted">{r.status}</span>
        {pending && <span className="muted"> · until {formatDate(r.expiresAt)}</span>}
      </span>
      {pending && r.direction === 'incoming' && (
        <>
          <button type="button" disabled={pay.isPending} onClick={() => pay.submit({ id: r.id })}>
            Pay {formatMoney(r.amount, currency)}
          </button>
          <button type="button" className="secondary" onClick={() => close.mutate('decline')}>
            Decline
          </button>
        </>
      )}
      {pending && r.direction === 'outgoing' && (
        <button type="button" className="secondary" onClick={() => close.mutate('cancel')}>
          Cancel
        </button>
      )}
      {pay.isError && <ErrorAlert message={errorMessage(pay.error, actionMessages.payRequest)} />}
      {close.isError && <ErrorAlert message={errorMessage(close.error)} />}
    </li>
  );
}

function Settings() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.requests.settings.queryOptions());
  const set = useMutation({
    mutationFn: (enabled: boolean) => client.requests.setEnabled.mutate({ enabled }),
    onSuccess: () => queryClient.invalidateQueries(trpc.requests.settings.queryFilter()),
  });
  return (
    <section className="card stack">
      <label className="row">
        <input
          type="checkbox"
          checked={settings.data?.enabled ?? true}
          disabled={!settings.data || set.isPending}
          onChange={(e) => set.mutate(e.target.checked)}
        />
        Let people ask me for money
      </label>
      {set.isError && <ErrorAlert message={errorMessage(set.error)} />}
    </section>
  );
}
