import { useEffect, useRef } from 'react';
import { errorMessage } from '../../lib/errors.ts';
import { formatMoney } from '../../lib/money.ts';
import { ErrorAlert } from '../ui.tsx';
import { type PayRequest, verb } from './types.ts';

/** The last look before money moves: nothing is sent until Confirm. */
export function Review({
  request,
  balance,
  currency,
  pending,
  error,
  onConfirm,
  onEdit,
}: {
  request: PayRequest;
  balance: number | null;
  currency: string;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onEdit: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const { mode, amount, note, payee } = request;
  const after = balance === null ? null : mode === 'deposit' ? balance + amount : balance - amount;
  const money = (n: number) => formatMoney(n, currency);

  return (
    <section className="card stack review" aria-labelledby="review-h">
      <h2 id="review-h" ref={heading} tabIndex={-1}>
        Check before you {verb(mode).toLowerCase()}
      </h2>
      <dl className="facts">
        {payee && (
          <>
            <dt>To</dt>
            <dd data-testid="review-payee">{payee.maskedName}</dd>
            <dt>Account</dt>
            <dd>{payee.accountNumber}</dd>
          </>
        )}
        <dt>Amount</dt>
        <dd className="big-money">{money(amount)}</dd>
        <dt>Note</dt>
        <dd>{note || <span className="muted">None</span>}</dd>
        {after !== null && (
          <>
            <dt>Your balance after</dt>
            <dd data-testid="review-balance">{money(after)}</dd>
          </>
        )}
      </dl>
      {error ? (
        <ErrorAlert
          message={errorMessage(error, {
            INSUFFICIENT_FUNDS: `Not sent: your balance is ${balance === null ? 'too low' : money(balance)}, less than ${money(amount)}.`,
          })}
        />
      ) : null}
      <div className="row actions">
        <button type="button" disabled={pending} onClick={onConfirm}>
          {pending ? 'Sending…' : 'Confirm'}
        </button>
        <button type="button" className="secondary" disabled={pending} onClick={onEdit}>
          Edit
        </button>
      </div>
    </section>
  );
}
