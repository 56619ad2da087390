import type { RouterOutputs } from '@quickpay/client';
import { useTRPC, useTRPCClient } from '@quickpay/client/react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../lib/errors.ts';
import { formatMoney, minorDigits, parsePositiveAmount, toDecimalString } from '../lib/money.ts';
import { useMoneyAction } from '../lib/use-money-action.ts';
import { AmountField, Field } from './Field.tsx';
import { ScheduleForm } from './ScheduleForm.tsx';
import { ErrorAlert, Money, Notice, ProgressBar } from './ui.tsx';

export type GoalView = RouterOutputs['savings']['list'][number];

/** One goal: progress, add or take money, edit, close (the saved money goes back to the account). */
export function GoalCard({
  goal,
  currency,
  onClosed,
}: {
  goal: GoalView;
  currency: string;
  /** The card disappears once its goal is closed, so the page shows the outcome. */
  onClosed: (message: string) => void;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [amountText, setAmountText] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [edit, setEdit] = useState({
    name: goal.name,
    target: toDecimalString(goal.targetAmount, minorDigits(currency)),
  });
  const [editError, setEditError] = useState<string | null>(null);
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
      setDone(
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
  const update = useMutation(
    trpc.savings.update.mutationOptions({
      onSuccess: async () => {
        setEditing(false);
        await queryClient.invalidateQueries();
      },
    }),
  );

  const moveMoney = (direction: 'in' | 'out') => {
    const parsed = parsePositiveAmount(amountText, minorDigits(currency));
    if (!parsed.ok) {
      setAmountError(parsed.error);
      return;
    }
    setAmountError(null);
    setDone(null);
    move.submit({ direction, goalId: goal.id, amount: parsed.minor });
  };

  const saveEdit = (e: FormEvent) => {
    e.preventDefault();
    const target = parsePositiveAmount(edit.target, minorDigits(currency));
    if (!target.ok) {
      setEditError(target.error);
      return;
    }
    setEditError(null);
    update.mutate({ goalId: goal.id, name: edit.name.trim(), targetAmount: target.minor });
  };

  const closed = goal.status === 'closed';
  return (
    <li className="card stack" aria-label={goal.name}>
      <h3>{goal.name}</h3>
      {goal.description && <p className="muted">{goal.description}</p>}
      <p>
        <Money amount={goal.savedAmount} currency={currency} /> saved of{' '}
        <Money amount={goal.targetAmount} currency={currency} />
        {goal.targetDate && <span className="muted"> · by {goal.targetDate.slice(0, 10)}</span>}
        {closed && <span className="muted"> · closed</span>}
      </p>
      <ProgressBar
        value={goal.savedAmount}
        max={goal.targetAmount}
        label={`${goal.name} progress`}
      />
      {done && <Notice>{done}</Notice>}
      {!closed && (
        <>
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
              onClick={() => setEditing((v) => !v)}
              aria-expanded={editing}
            >
              Edit
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => setAuto((v) => !v)}
              aria-expanded={auto}
            >
              Save automatically
            </button>
            <button type="button" className="danger" onClick={() => setConfirmClose(true)}>
              Close goal
            </button>
          </div>
          {auto && (
            <ScheduleForm
              target={{ kind: 'goal_deposit', goalId: goal.id }}
              currency={currency}
              label={`Save automatically into ${goal.name}`}
            />
          )}
          {move.isError && (
            <ErrorAlert
              message={errorMessage(move.error, {
                // Taking out more than is saved is about the goal, not the account.
                INSUFFICIENT_FUNDS:
                  move.variables?.direction === 'out'
                    ? `${goal.name} has only ${formatMoney(goal.savedAmount, currency)} saved.`
                    : 'Not enough money in your account for that.',
              })}
            />
          )}
          {editing && (
            <form className="stack" onSubmit={saveEdit} aria-label={`Edit ${goal.name}`}>
              <Field
                label="Goal name"
                required
                value={edit.name}
                onChange={(e) => setEdit({ ...edit, name: e.target.value })}
              />
              <AmountField
                label="Target amount"
                value={edit.target}
                error={editError}
                onChange={(e) => setEdit({ ...edit, target: e.target.value })}
              />
              {update.isError && <ErrorAlert message={errorMessage(update.error)} />}
              <button type="submit" disabled={update.isPending}>
                Save changes
              </button>
            </form>
          )}
          {confirmClose && (
            <fieldset className="stack">
              <legend>Close this goal?</legend>
              <p>
                Close {goal.name}? <Money amount={goal.savedAmount} currency={currency} /> goes back
                to your account.
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
        </>
      )}
    </li>
  );
}
