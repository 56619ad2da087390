import { useTRPC } from '@quickpay/client/react';
import { useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useRef, useState } from 'react';
import { GoalCard } from '../components/GoalCard.tsx';
import { type GoalView, goalHeadingId } from '../components/GoalParts.tsx';
import { LiveNotice } from '../components/LiveNotice.tsx';
import { NewGoalForm } from '../components/NewGoalForm.tsx';
import { Sheet } from '../components/Sheet.tsx';
import { QueryState } from '../components/ui.tsx';
import { useCurrency } from '../lib/currency.ts';
import { localDay } from '../lib/goal-plan.ts';
import { useNotice } from '../lib/use-notice.ts';

/** The goal to focus once `closed` is gone: the next open one, else the one before. */
function neighbourOf(goals: readonly GoalView[], closed: GoalView): GoalView | undefined {
  const i = goals.findIndex((g) => g.id === closed.id);
  const open = (g: GoalView) => g.status === 'active' && g.id !== closed.id;
  return goals.slice(i + 1).find(open) ?? goals.slice(0, Math.max(i, 0)).reverse().find(open);
}

export function Goals() {
  const trpc = useTRPC();
  const currency = useCurrency();
  const [showClosed, setShowClosed] = useState(false);
  const goals = useQuery(trpc.savings.list.queryOptions({ includeClosed: showClosed }));
  const [creating, setCreating] = useState(false);
  const notice = useNotice();
  const heading = useRef<HTMLHeadingElement>(null);
  const today = localDay();

  const closed = (goal: GoalView, message: string) => {
    notice.show(message);
    // The closed card's buttons are about to go: focus the next goal, or the page heading.
    const next = neighbourOf(goals.data ?? [], goal);
    const target = next ? document.getElementById(goalHeadingId(next.id)) : null;
    (target ?? heading.current)?.focus();
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1 ref={heading} tabIndex={-1}>
          Savings goals
        </h1>
        <button
          type="button"
          aria-haspopup="dialog"
          onClick={() => {
            notice.clear();
            setCreating(true);
          }}
        >
          <Plus aria-hidden="true" className="tab-icon" />
          New goal
        </button>
      </div>
      <Sheet title="New goal" open={creating} onClose={() => setCreating(false)}>
        <NewGoalForm
          currency={currency}
          onCreated={(name) => {
            setCreating(false);
            notice.show(`${name} is set up. Add money to it whenever you like.`);
          }}
        />
      </Sheet>
      <LiveNotice message={notice.message} />
      <label className="row">
        <input
          type="checkbox"
          checked={showClosed}
          onChange={(e) => setShowClosed(e.target.checked)}
        />
        Show closed goals
      </label>
      <QueryState query={goals} what="your goals">
        {() =>
          goals.data && goals.data.length > 0 ? (
            <ul className="grid plain-grid">
              {goals.data.map((g) => (
                <GoalCard
                  key={g.id}
                  goal={g}
                  currency={currency}
                  today={today}
                  onAction={notice.clear}
                  onClosed={(message) => closed(g, message)}
                />
              ))}
            </ul>
          ) : (
            <p className="muted">
              {showClosed ? 'No goals yet.' : 'No open goals.'} Start one with “New goal”.
            </p>
          )
        }
      </QueryState>
    </div>
  );
}
