import { ChevronRight } from 'lucide-react';
import { Link } from 'react-router';
import { groupByDay } from '../../lib/group-by-day.ts';
import { type ActivityItem, describe } from '../Activity.tsx';
import { Money } from '../ui.tsx';

const timeFmt = new Intl.DateTimeFormat('en-IN', { timeStyle: 'short' });

/** History as a feed: one heading per day, each row a link to its detail view. */
export function Feed({
  items,
  currency,
  search,
}: {
  items: readonly ActivityItem[];
  currency: string;
  /** The current filters' query string, so the detail's "Back" returns to the same list. */
  search: string;
}) {
  return (
    <div className="feed">
      {groupByDay(items).map((g) => (
        <section key={g.day} aria-labelledby={`day-${g.day}`}>
          <h3 id={`day-${g.day}`} className="day">
            {g.label}
          </h3>
          <ul className="plain">
            {g.items.map((t) => (
              <li key={t.id}>
                <Link className="feed-row" to={`/history/${t.id}`} state={{ back: search }}>
                  <span className="activity-text">
                    <span className="feed-title">{describe(t)}</span>
                    <span className="muted">
                      {timeFmt.format(new Date(t.createdAt))}
                      {t.note ? ` · ${t.note}` : ''}
                    </span>
                  </span>
                  <Money amount={t.amount} currency={currency} signed />
                  <ChevronRight aria-hidden="true" className="chev" />
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
