import { useTRPC } from '@quickpay/client/react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ActivityList } from '../components/Activity.tsx';
import { MonthChart } from '../components/MonthChart.tsx';
import { UpcomingList } from '../components/Upcoming.tsx';
import { Money, ProgressBar, QueryState } from '../components/ui.tsx';

export function Dashboard() {
  const trpc = useTRPC();
  const dashboard = useQuery(trpc.account.dashboard.queryOptions());

  return (
    <div className="page">
      <h1>Dashboard</h1>
      <QueryState query={dashboard} what="your dashboard">
        {() => {
          const d = dashboard.data;
          if (!d) return null;
          const c = d.currency;
          // Nothing has ever happened: a way to begin instead of 12 empty months.
          const isNew = d.balance === 0 && d.recent.length === 0 && d.goals.length === 0;
          return (
            <>
              <div className="grid">
                <section className="card stack" aria-labelledby="balance-h">
                  <h2 id="balance-h">Balance</h2>
                  <p className="big" data-testid="balance">
                    <Money amount={d.balance} currency={c} />
                  </p>
                  <p className="muted">
                    In savings goals: <Money amount={d.savingsTotal} currency={c} />
                  </p>
                  <div className="row">
                    <Link to="/pay">Pay or move money</Link>
                  </div>
                </section>
                <section className="card stack" aria-labelledby="month-h">
                  <h2 id="month-h">This month</h2>
                  <p className="hint">Not counting money moved to and from your own goals.</p>
                  <p>
                    Money in: <Money amount={d.monthIncome} currency={c} signed />
                  </p>
                  <p>
                    Money out: <Money amount={-Math.abs(d.monthExpense)} currency={c} signed />
                  </p>
                </section>
              </div>
              {isNew ? (
                <section className="card stack start" aria-labelledby="start-h">
                  <h2 id="start-h">Start by adding money</h2>
                  <p>
                    Deposit into your account, then pay people by account number, save towards goals
                    and see where your money goes each month.
                  </p>
                  <Link className="button-link primary" to="/pay?mode=deposit">
                    Add money
                  </Link>
                </section>
              ) : (
                <section className="card stack" aria-labelledby="chart-h">
                  <h2 id="chart-h">Last 12 months</h2>
                  <MonthChart months={d.months} currency={c} />
                </section>
              )}
              <div className="grid">
                <section className="card stack" aria-labelledby="recent-h">
                  <h2 id="recent-h">Recent activity</h2>
                  <ActivityList items={d.recent} currency={c} />
                  <Link to="/history">All history</Link>
                </section>
                <section className="card stack" aria-labelledby="upcoming-h">
                  <h2 id="upcoming-h">Upcoming payments</h2>
                  <UpcomingList items={d.upcoming} currency={c} />
                  <Link to="/scheduled">Scheduled payments</Link>
                </section>
                <section className="card stack" aria-labelledby="goals-h">
                  <h2 id="goals-h">Savings goals</h2>
                  {d.goals.length === 0 && <p className="muted">No goals yet.</p>}
                  <ul className="plain">
                    {d.goals.map((g) => (
                      <li key={g.id} className="stack">
                        <span>
                          {g.name}: <Money amount={g.savedAmount} currency={c} /> of{' '}
                          <Money amount={g.targetAmount} currency={c} />
                        </span>
                        <ProgressBar
                          value={g.savedAmount}
                          max={g.targetAmount}
                          label={`${g.name} progress`}
                        />
                      </li>
                    ))}
                  </ul>
                  <Link to="/goals">Manage goals</Link>
                </section>
                <section className="card stack" aria-labelledby="contacts-h">
                  <h2 id="contacts-h">Contacts</h2>
                  {d.contacts.length === 0 && <p className="muted">No contacts yet.</p>}
                  <ul className="plain">
                    {d.contacts.map((p) => (
                      <li key={p.id} className="row">
                        <span className="activity-text">
                          {p.nickname} <span className="muted">A/c {p.accountNumber}</span>
                        </span>
                        <Link to={`/pay?to=${p.accountNumber}`}>Pay</Link>
                      </li>
                    ))}
                  </ul>
                  <Link to="/contacts">Manage contacts</Link>
                </section>
              </div>
            </>
          );
        }}
      </QueryState>
    </div>
  );
}
