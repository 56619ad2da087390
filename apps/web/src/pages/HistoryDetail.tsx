import { useTRPC } from '@quickpay/client/react';
import { useQuery } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { describe } from '../components/Activity.tsx';
import { formatDate, kindLabel, Money, QueryState } from '../components/ui.tsx';
import { useCurrency } from '../lib/currency.ts';

/** One transaction as a receipt: who, when, note, balance after, reference; "Pay again" for payments out. */
export function HistoryDetail() {
  const trpc = useTRPC();
  const currency = useCurrency();
  const { id = '' } = useParams();
  const location = useLocation();
  const back = (location.state as { back?: unknown } | null)?.back;
  const backTo = `/history${typeof back === 'string' && back ? `?${back}` : ''}`;
  const item = useQuery(trpc.transactions.get.queryOptions({ id }));
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (item.data) heading.current?.focus();
  }, [item.data]);

  return (
    <div className="page">
      <Link to={backTo} className="back">
        <ArrowLeft aria-hidden="true" /> Back to history
      </Link>
      <QueryState query={item} what="this transaction">
        {() => {
          const t = item.data;
          if (!t) return null;
          const cp = t.counterparty;
          const payAgain = t.kind === 'transfer' && t.amount < 0 && cp.accountNumber;
          return (
            <section className="card stack receipt" aria-labelledby="detail-h">
              <h1 id="detail-h" ref={heading} tabIndex={-1}>
                {describe(t)}
              </h1>
              <p className="big">
                <Money amount={t.amount} currency={currency} signed />
              </p>
              <dl className="facts">
                <dt>Type</dt>
                <dd>{kindLabel(t.kind)}</dd>
                <dt>{t.amount < 0 ? 'To' : 'From'}</dt>
                <dd>
                  {cp.name}
                  {cp.accountNumber ? ` · A/c ${cp.accountNumber}` : ''}
                </dd>
                <dt>When</dt>
                <dd>{formatDate(t.createdAt)}</dd>
                <dt>Note</dt>
                <dd>{t.note || <span className="muted">None</span>}</dd>
                <dt>Balance after</dt>
                <dd>
                  <Money amount={t.balanceAfter} currency={currency} />
                </dd>
                <dt>Reference</dt>
                <dd className="ref">{t.id}</dd>
              </dl>
              {payAgain && (
                <Link className="button-link" to={`/pay?to=${cp.accountNumber}`}>
                  Pay again
                </Link>
              )}
            </section>
          );
        }}
      </QueryState>
    </div>
  );
}
