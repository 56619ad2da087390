import type { ReactNode } from 'react';
import { errorMessage } from '../lib/errors.ts';
import { formatMoney, formatSigned, type Minor } from '../lib/money.ts';

export function ErrorAlert({ message }: { message: string }) {
  return (
    <p role="alert" className="error">
      {message}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

interface QueryLike {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: unknown;
  refetch: () => unknown;
}

/**
 * The loading and error states every query shows; renders children once data is
 * there. A failed refresh keeps the data it had on screen and says it is stale.
 */
export function QueryState({
  query,
  what,
  children,
}: {
  query: QueryLike;
  what: string;
  children: () => ReactNode;
}) {
  const retry = (
    <button type="button" className="secondary" onClick={() => void query.refetch()}>
      Try again
    </button>
  );
  if (query.isError && query.data === undefined) {
    return (
      <div className="stack">
        <ErrorAlert message={`Could not load ${what}: ${errorMessage(query.error)}`} />
        <div>{retry}</div>
      </div>
    );
  }
  if (query.isPending) return <Loading what={what} />;
  return (
    <>
      {query.isError && (
        <div className="stack">
          <ErrorAlert message={`Could not refresh ${what}: ${errorMessage(query.error)}`} />
          <div>{retry}</div>
        </div>
      )}
      {children()}
    </>
  );
}

export function Money({
  amount,
  currency,
  signed = false,
}: {
  amount: Minor;
  currency: string;
  signed?: boolean;
}) {
  const cls = signed ? (amount > 0 ? 'money in' : amount < 0 ? 'money out' : 'money') : 'money';
  return (
    <span className={cls}>
      {signed ? formatSigned(amount, currency) : formatMoney(amount, currency)}
    </span>
  );
}

export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const pct = max > 0 ? Math.min(100, Math.max(0, Math.round((value * 100) / max))) : 0;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      aria-valuetext={`${pct}%`}
    >
      <div className="progress-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="notice">
      {children}
    </p>
  );
}

const KIND_LABELS: Record<string, string> = {
  deposit: 'Deposit',
  withdrawal: 'Withdrawal',
  transfer: 'Transfer',
  goal_deposit: 'To savings goal',
  goal_withdrawal: 'From savings goal',
  goal_refund: 'Savings goal closed',
};

export const kindLabel = (kind: string): string => KIND_LABELS[kind] ?? kind;

const dateFmt = new Intl.DateTimeFormat('en-IN', { dateStyle: 'medium', timeStyle: 'short' });
export const formatDate = (iso: string | Date): string => dateFmt.format(new Date(iso));
