import { useTRPC } from '@quickpay/client/react';
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { filterPayees, mergePayees } from '../../lib/payees.ts';
import { formatDate } from '../ui.tsx';

/** Contacts and recent payees, recent first, searchable; picking one fills the account number. */
export function PayeeList({
  selected,
  onPick,
}: {
  selected: number | null;
  onPick: (accountNumber: number) => void;
}) {
  const trpc = useTRPC();
  const id = useId();
  const [search, setSearch] = useState('');
  const contacts = useQuery(trpc.contacts.list.queryOptions());
  const recent = useQuery(trpc.transactions.list.queryOptions({ kind: 'transfer', limit: 50 }));
  const payees = useMemo(
    () => mergePayees(contacts.data ?? [], recent.data?.items ?? []),
    [contacts.data, recent.data],
  );
  if (payees.length === 0) return null;
  const shown = filterPayees(payees, search);

  return (
    <section className="stack payees" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="small-h">
        Your payees
      </h2>
      <label htmlFor={`${id}-q`} className="sr-only">
        Search payees
      </label>
      <input
        id={`${id}-q`}
        type="search"
        placeholder="Search payees by name or number"
        autoComplete="off"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      {shown.length === 0 ? (
        <p className="muted">No payee matches “{search.trim()}”.</p>
      ) : (
        <ul className="plain payee-list">
          {shown.map((p) => (
            <li key={p.accountNumber}>
              <button
                type="button"
                className="payee-pick"
                aria-pressed={selected === p.accountNumber}
                onClick={() => onPick(p.accountNumber)}
              >
                <span className="avatar" aria-hidden="true">
                  {p.name.slice(0, 1).toUpperCase()}
                </span>
                <span className="activity-text">
                  <span>{p.name}</span>
                  <span className="muted">
                    A/c {p.accountNumber}
                    {p.lastPaid ? ` · paid ${formatDate(p.lastPaid)}` : ''}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
