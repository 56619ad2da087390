import type { RouterOutputs } from '@quickpay/client';
import { Money } from './ui.tsx';

type Upcoming = RouterOutputs['account']['dashboard']['upcoming'];

/** Scheduled payments of the next 7 days, by date. */
export function UpcomingList({ items, currency }: { items: Upcoming; currency: string }) {
  if (items.length === 0) return <p className="muted">Nothing scheduled for the next 7 days.</p>;
  return (
    <ul className="plain" aria-label="Upcoming payments">
      {items.map((u) => (
        <li key={`${u.scheduleId}-${u.date}`} className="row">
          <span className="activity-text">
            {u.date} ·{' '}
            {u.kind === 'transfer' ? `to account ${u.toAccountNumber}` : 'to a savings goal'}
            {u.note && <span className="muted"> · {u.note}</span>}
          </span>
          <Money amount={-u.amount} currency={currency} signed />
        </li>
      ))}
    </ul>
  );
}
