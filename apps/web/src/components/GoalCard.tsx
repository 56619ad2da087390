import { useTRPCClient } from '@quickpay/client/react';
import { useState } from 'react';
import { actionMessages, goalWithdrawMessages } from '../lib/action-messages.ts';
import { errorMessage } from '../lib/errors.ts';
import { describeGoalPlan, formatDay, goalPlan } from '../lib/goal-plan.ts';
import { formatMoney, minorDigits, parsePositiveAmount } from '../lib/money.ts';
import { useMoneyAction } from '../lib/use-money-action.ts';
import { useNotice } from '../lib/use-notice.ts';
import { AmountField } from './Field.tsx';
import { ClosedGoal, GoalEditForm, type GoalView, goalHeadingId } from './GoalParts.tsx';
import { LiveNotice } from './LiveNotice.tsx';
import { ScheduleForm } from './ScheduleForm.tsx';
import { ErrorAlert, Money, ProgressBar } from './ui.tsx';

interface GoalCardProps {
  goal: GoalView;
  currency: string;
  /** Today, 'YYYY-MM-DD' in the browser's zone (for the monthly plan). */
  today: string;
  /** Any action on the card clears the page's notice. */
  onAction: () => void;
  /** The card's buttons go once its goal is closed, so the page shows the outcome. */
  onClosed: (message: string) => void;
}

/** One goal: progress, add or take money, edit, close (the saved money goes back to the account). */
export function GoalCard(props: GoalCardProps) {
  if (props.goal.status === 'closed') {
    return <ClosedGoal goal={props.goal} currency={props.currency} />;
  }
  return <OpenGoal {...props} />;
}

function OpenGoal({ goal, currency, today, onAction, onClosed }: GoalCardProps) {
  const client = useTRPCClient();
  const [amountText, setAmountText] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const done = useNotice();
  const [editing, setEditing] = useState(false);
  const [confirmClose, setConfirmClose] = useState(false);
  const [auto, setAuto] = useState(false);

  const move = useMoneyAction(
    (
      { direction, ...input }: { direction: 'in' | 'out'; goalId: string; amount: number },
      idempotencyKey: string,
    ) => {
      const rest = { ...input, idempotencyKey };
      return direction === 'in'
        ? client.savings.deposit.mutate(rest)
        : client.savings.withdraw.mutate(rest);
    },
    (_r, input) => {
      const amount = formatMoney(input.amount, currency);
      done.show(
        input.direction === 'in'
          ? `Added ${amount} to ${goal.name}.`
          : `Took ${amount} from ${goal.name}.`,
      );
      setAmountText('');
    },
  );
  const close = useMoneyAction(
    (input: { goalId: string }, idempotencyKey: string) =>
      client.savings.close.mutate({ ...input, idempotencyKey }),
    (r) =>
      onClosed(
        `${goal.name} is closed; ${formatMoney(r.refunded, currency)} went back to your account.`,
      ),
  );
  const moveMoney = (direction: 'in' | 'out') => {
    const parsed = parsePositiveAmount(amountText, minorDigits(currency));
    if (!parsed.ok) {
      setAmountError(parsed.error);
      return;
    }
    setAmountError(null);
    done.clear();
    onAction();
    move.submit({ direction, goalId: goal.id, amount: parsed.minor });
  };

  /** Every other button on the card starts a new action: old notices go. */
  const act = (run: () => void) => () => {
    done.clear();
    move.reset();
    onAction();
    run();
  };
  const by = goal.targetDate ? formatDay(goal.targetDate) : null;
  const plan = describeGoalPlan(goalPlan(goal, today), (n) => formatMoney(n, currency), by);

  return (
    <li className="card stack" aria-label={goal.name}>
      <h2 id={goalHeadingId(goal.id)} tabIndex={-1}>
        {goal.name}
      </h2>
      {goal.description && <p className="muted">{goal.description}</p>}
      <p>
        <Money amount={goal.savedAmount} currency={currency} /> saved of{' '}
        <Money amount={goal.targetAmount} currency={currency} />
        {by && <span className="muted"> · by {by}</span>}
      </p>
      <ProgressBar
        value={goal.savedAmount}
        max={goal.targetAmount}
        label={`${goal.name} progress`}
      />
      <p className="goal-plan" data-testid="goal-plan">
        {plan}
      </p>
      <div className="row">
        <AmountField
          label={`Amount for ${goal.name}`}
          value={amountText}
          error={amountError}
          onChange={(e) => setAmountText(e.target.value)}
        />
      </div>
      <div className="row">
        <button type="button" disabled={move.isPending} onClick={() => moveMoney('in')}>
          Add money
        </button>
        <button
          type="button"
          className="secondary"
          disabled={move.isPending}
          onClick={() => moveMoney('out')}
        >
          Withdraw
        </button>
        <button
          type="button"
          className="secondary"
          onClick={act(() => setEditing((v) => !v))}
          aria-expanded={editing}
        >
          Edit
        </button>
        <button
          type="button"
          className="secondary"
          onClick={act(() => setAuto((v) => !v))}
          aria-expanded={auto}
        >
          Save automatically
        </button>
        <button type="button" className="danger" onClick={act(() => setConfirmClose(true))}>
          Close goal
        </button>
      </div>
      <LiveNotice message={done.message} />
      {move.isError && (
        <ErrorAlert
          message={errorMessage(
            move.error,
            move.variables?.direction === 'out'
              ? goalWithdrawMessages(goal.name, formatMoney(goal.savedAmount, currency))
              : actionMessages.goalDeposit,
          )}
        />
      )}
      {auto && (
        <ScheduleForm
          target={{ kind: 'goal_deposit', goalId: goal.id }}
          currency={currency}
          label={`Save automatically into ${goal.name}`}
        />
      )}
      {editing && (
        <GoalEditForm
          goal={goal}
          currency={currency}
          onSaved={(name) => {
            setEditing(false);
            done.show(`Saved the changes to ${name}.`);
          }}
        />
      )}
      {confirmClose && (
        <fieldset className="stack">
          <legend>Close this goal?</legend>
          <p>
            Close {goal.name}? <Money amount={goal.savedAmount} currency={currency} /> goes back to
            your account.
          </p>
          <div className="row">
            <button
              type="button"
              className="danger"
              disabled={close.isPending}
              onClick={() => close.submit({ goalId: goal.id })}
            >
              Yes, close it
            </button>
            <button type="button" className="secondary" onClick={() => setConfirmClose(false)}>
              Keep it
            </button>
          </div>
          {close.isError && <ErrorAlert message={errorMessage(close.error)} />}
        </fieldset>
      )}
    </li>
  );
}
