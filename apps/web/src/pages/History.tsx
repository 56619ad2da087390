import { useTRPC, useTRPCClient } from '@quickpay/client/react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { describe } from '../components/Activity.tsx';
import { Field } from '../components/Field.tsx';
import { ErrorAlert, formatDate, kindLabel, Money, Notice, QueryState } from '../components/ui.tsx';
import { useCurrency } from '../lib/currency.ts';
import { errorMessage } from '../lib/errors.ts';
import { type HistoryRow, historyCsv } from '../lib/history-csv.ts';

const KINDS = [
  'deposit',
  'withdrawal',
  'transfer',
  'goal_deposit',
  'goal_withdrawal',
  'goal_refund',
] as const;
type Kind = (typeof KINDS)[number];

interface Filters {
  kind?: Kind;
  from?: string;
  to?: string;
  q?: string;
}

const PAGE = 20;

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function History() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const currency = useCurrency();
  const kindId = useId();
  const [draft, setDraft] = useState({ kind: '', from: '', to: '', q: '' });
  const [filters, setFilters] = useState<Filters>({});
  const [exporting, setExporting] = useState<'idle' | 'busy' | 'done'>('idle');
  const [exportError, setExportError] = useState<string | null>(null);

  const list = useInfiniteQuery(
    trpc.transactions.list.infiniteQueryOptions(
      { ...filters, limit: PAGE },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const kind = KINDS.find((k) => k === draft.kind);
    setFilters({
      ...(kind ? { kind } : {}),
      ...(draft.from ? { from: draft.from } : {}),
      ...(draft.to ? { to: draft.to } : {}),
      ...(draft.q.trim() ? { q: draft.q.trim() } : {}),
    });
  };

  /** Every row matching the filters, not only the loaded pages. */
  const exportCsv = async () => {
    setExporting('busy');
    setExportError(null);
    try {
      const all: HistoryRow[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.transactions.list.query({
          ...filters,
          limit: 100,
          ...(cursor ? { cursor } : {}),
        });
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      download(
        `quickpay-history-${new Date().toISOString().slice(0, 10)}.csv`,
        historyCsv(all, currency),
      );
      setExporting('done');
    } catch (e) {
      setExportError(errorMessage(e));
      setExporting('idle');
    }
  };

  return (
    <div className="page">
      <h1>History</h1>
      <form className="card row" onSubmit={apply} aria-label="Filter history">
        <div className="field">
          <label htmlFor={kindId}>Type</label>
          <select
            id={kindId}
            value={draft.kind}
            onChange={(e) => setDraft({ ...draft, kind: e.target.value })}
          >
            <option value="">All</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
        </div>
        <Field
          label="From"
          type="date"
          value={draft.from}
          onChange={(e) => setDraft({ ...draft, from: e.target.value })}
        />
        <Field
          label="To"
          type="date"
          value={draft.to}
          onChange={(e) => setDraft({ ...draft, to: e.target.value })}
        />
        <Field
          label="Search"
          type="search"
          value={draft.q}
          onChange={(e) => setDraft({ ...draft, q: e.target.value })}
        />
        <button type="submit">Apply filters</button>
        <button
          type="button"
          className="secondary"
          disabled={exporting === 'busy'}
          onClick={() => void exportCsv()}
        >
          {exporting === 'busy' ? 'Exporting…' : 'Export CSV'}
        </button>
      </form>
      {exportError && <ErrorAlert message={`Export failed: ${exportError}`} />}
      {exporting === 'done' && <Notice>Your CSV file has been downloaded.</Notice>}
      <section className="card stack" aria-labelledby="hist-h">
        <h2 id="hist-h">Transactions</h2>
        <QueryState query={list} what="your history">
          {() =>
            rows.length === 0 ? (
              <p className="muted">Nothing matches these filters.</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Date</th>
                      <th scope="col">Description</th>
                      <th scope="col" className="hide-narrow">
                        Note
                      </th>
                      <th scope="col" className="num">
                        Amount
                      </th>
                      <th scope="col" className="num hide-narrow">
                        Balance
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((t) => (
                      <tr key={t.id}>
                        <td>{formatDate(t.createdAt)}</td>
                        <td>{describe(t)}</td>
                        <td className="hide-narrow">{t.note}</td>
                        <td className="num">
                          <Money amount={t.amount} currency={currency} signed />
                        </td>
                        <td className="num hide-narrow">
                          {typeof t.balanceAfter === 'number' && (
                            <Money amount={t.balanceAfter} currency={currency} />
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </QueryState>
        {list.hasNextPage && (
          <button
            type="button"
            className="secondary"
            disabled={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        )}
      </section>
    </div>
  );
}
