import type { RouterOutputs } from '@quickpay/client';
import { useTRPC, useTRPCClient } from '@quickpay/client/react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { UpcomingList } from '../components/Upcoming.tsx';
import { ErrorAlert, Money, QueryState } from '../components/ui.tsx';
import { useCurrency } from '../lib/currency.ts';
import { errorMessage } from '../lib/errors.ts';

type Schedule = RouterOutputs['schedules']['list']['items'][number];
type Action = 'pause' | 'resume' | 'cancel' | 'skipNext';

const OFTEN = { once: 'once', weekly: 'every week', monthly: 'every month' } as const;

/** Every schedule of the caller, with pause, resume, skip and cancel; the next 7 days on top. */
export function Scheduled() {
  const trpc = useTRPC();
  const currency = useCurrency();
  const list = useQuery(trpc.schedules.list.queryOptions());
  const dashboard = useQuery(trpc.account.dashboard.queryOptions());
  return (
    <div className="page">
      <h1>Scheduled payments</h1>
      <section className="card stack" aria-labelledby="upcoming-h">
        <h2 id="upcoming-h">Next 7 days</h2>
        <QueryState query={dashboard} what="upcoming payments">
          {() => <UpcomingList items={dashboard.data?.upcoming ?? []} currency={currency} />}
        </QueryState>
      </section>
      <QueryState query={list} what="your schedules">
        {() =>
          list.data && list.data.items.length > 0 ? (
            <ul className="plain stack">
              {list.data.items.map((s) => (
                <ScheduleRow key={s.id} schedule={s} currency={currency} />
              ))}
            </ul>
          ) : (
            <p className="muted">
              No schedules yet: use “Repeat…” on Pay, or “Save automatically” on a goal.
            </p>
          )
        }
      </QueryState>
    </div>
  );
}

function ScheduleRow({ schedule: s, currency }: { schedule: Schedule; currency: string }) {
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const act = useMutation({
    mutationFn: (action: Action) => client.schedules[action].mutate({ scheduleId: s.id }),
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const live = s.status === 'active' || s.status === 'paused';
  const to = s.kind === 'transfer' ? `account ${s.toAccountNumber}` : 'a savings goal';
  return (
    <li className="card stack" aria-label={`Schedule ${s.id}`} data-testid="schedule">
      <p>
        <Money amount={s.amount} currency={currency} /> to {to}, {OFTEN[s.frequency]}
        {s.note && <span className="muted"> · {s.note}</span>}
      </p>
      <p className="muted" data-testid="schedule-status">
        {s.status}
        {s.nextRunDate && ` · next ${s.nextRunDate}`}
        {s.endReason && ` · ${s.endReason}`}
        {s.lastError && ` · last attempt: ${s.lastError}`}
      </p>
      {live && (
        <div className="row">
          {s.status === 'active' ? (
            <button type="button" className="secondary" onClick={() => act.mutate('pause')}>
              Pause
            </button>
          ) : (
            <button type="button" className="secondary" onClick={() => act.mutate('resume')}>
              Resume
            </button>
          )}
          <button type="button" className="secondary" onClick={() => act.mutate('skipNext')}>
            Skip next
          </button>
          <button type="button" className="danger" onClick={() => act.mutate('cancel')}>
            Cancel
          </button>
        </div>
      )}
      {act.isError && <ErrorAlert message={errorMessage(act.error)} />}
    </li>
  );
}
