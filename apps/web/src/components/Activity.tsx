import { formatDate, kindLabel, Money } from './ui.tsx';

export interface ActivityItem {
  id: string;
  kind: string;
  amount: number;
  note: string;
  createdAt: string;
  counterparty?: { name: string; accountNumber: number | null } | null | undefined;
}

/** Who or what the money moved with, in words. */
export function describe(item: ActivityItem): string {
  const cp = item.counterparty;
  if (!cp) return kindLabel(item.kind);
  if (item.kind === 'transfer') {
    const who = cp.accountNumber ? `${cp.name} (${cp.accountNumber})` : cp.name;
    return item.amount >= 0 ? `From ${who}` : `To ${who}`;
  }
  if (item.kind.startsWith('goal_')) return `${kindLabel(item.kind)}: ${cp.name}`;
  return kindLabel(item.kind);
}

export function ActivityList({
  items,
  currency,
}: {
  items: readonly ActivityItem[];
  currency: string;
}) {
  if (items.length === 0) return <p className="muted">No activity yet.</p>;
  return (
    <ul className="plain">
      {items.map((t) => (
        <li key={t.id} className="row">
          <span className="activity-text">
            <span>{describe(t)}</span>
            <span className="muted">
              {formatDate(t.createdAt)}
              {t.note ? ` · ${t.note}` : ''}
            </span>
          </span>
          <Money amount={t.amount} currency={currency} signed />
        </li>
      ))}
    </ul>
  );
}
