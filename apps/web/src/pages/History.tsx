import { useTRPC, useTRPCClient } from '@quickpay/client/react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { SlidersHorizontal } from 'lucide-react';
import { useCallback, useState } from 'react';
import { Route, Routes, useSearchParams } from 'react-router';
import { Feed } from '../components/history/Feed.tsx';
import { HistoryFilters } from '../components/history/HistoryFilters.tsx';
import { Sheet } from '../components/Sheet.tsx';
import { ErrorAlert, Notice, QueryState } from '../components/ui.tsx';
import { useCurrency } from '../lib/currency.ts';
import { errorMessage } from '../lib/errors.ts';
import { type HistoryRow, historyCsv } from '../lib/history-csv.ts';
import {
  activeFilterCount,
  type Filters,
  filtersFromParams,
  paramsFromFilters,
} from '../lib/history-filters.ts';
import { useIsPhone } from '../lib/use-media.ts';
import { HistoryDetail } from './HistoryDetail.tsx';

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

/** /history is the feed; /history/:id one transaction. */
export function History() {
  return (
    <Routes>
      <Route index element={<HistoryFeed />} />
      <Route path=":id" element={<HistoryDetail />} />
    </Routes>
  );
}

function HistoryFeed() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const currency = useCurrency();
  const phone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const count = activeFilterCount(filters);
  const [sheet, setSheet] = useState(false);
  const [exporting, setExporting] = useState<'idle' | 'busy' | 'done'>('idle');
  const [exportError, setExportError] = useState<string | null>(null);

  // Filters apply at once and live in the URL (replace: typing is not a history entry each).
  const setFilters = useCallback(
    (next: Filters) => setParams(paramsFromFilters(next), { replace: true }),
    [setParams],
  );

  const list = useInfiniteQuery(
    trpc.transactions.list.infiniteQueryOptions(
      { ...filters, limit: PAGE },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

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

  const clear = count > 0 && (
    <button type="button" className="secondary" onClick={() => setFilters({})}>
      Clear filters
    </button>
  );
  const filterControls = <HistoryFilters filters={filters} onChange={setFilters} />;

  return (
    <div className="page">
      <div className="page-head">
        <h1>History</h1>
        <div className="row">
          {phone && (
            <button
              type="button"
              className="secondary"
              aria-haspopup="dialog"
              onClick={() => setSheet(true)}
            >
              <SlidersHorizontal aria-hidden="true" className="tab-icon" />
              {count > 0 ? `Filters (${count})` : 'Filters'}
            </button>
          )}
          <button
            type="button"
            className="secondary"
            disabled={exporting === 'busy'}
            onClick={() => void exportCsv()}
          >
            {exporting === 'busy' ? 'Exporting…' : 'Export CSV'}
          </button>
        </div>
      </div>
      {phone ? (
        <>
          <Sheet title="Filter history" open={sheet} onClose={() => setSheet(false)}>
            {filterControls}
            <div className="row actions">
              <button type="button" onClick={() => setSheet(false)}>
                Show results
              </button>
              {clear}
            </div>
          </Sheet>
          {count > 0 && !sheet && <div className="row">{clear}</div>}
        </>
      ) : (
        <section className="card stack" aria-label="Filter history">
          {filterControls}
          {clear && <div className="row">{clear}</div>}
        </section>
      )}
      {exportError && <ErrorAlert message={`Export failed: ${exportError}`} />}
      {exporting === 'done' && <Notice>Your CSV file has been downloaded.</Notice>}
      <section className="card stack" aria-labelledby="hist-h">
        <h2 id="hist-h">Transactions</h2>
        <QueryState query={list} what="your history">
          {() =>
            rows.length === 0 ? (
              <p className="muted">
                {count > 0 ? 'Nothing matches these filters.' : 'No transactions yet.'}
              </p>
            ) : (
              <Feed items={rows} currency={currency} search={params.toString()} />
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
