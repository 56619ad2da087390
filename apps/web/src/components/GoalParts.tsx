import type { RouterOutputs } from '@quickpay/client';
import { useTRPC } from '@quickpay/client/react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../lib/errors.ts';
import { minorDigits, parsePositiveAmount, toDecimalString } from '../lib/money.ts';
import { AmountField, Field } from './Field.tsx';
import { ErrorAlert, formatDate, Money } from './ui.tsx';

export type GoalView = RouterOutputs['savings']['list'][number];

/** The id of a goal's heading, which the page focuses after a neighbour is closed. */
export const goalHeadingId = (goalId: string): string => `goal-h-${goalId}`;

/** A closed goal reads as closed: what it was for and when it closed; no money actions. */
export function ClosedGoal({ goal, currency }: { goal: GoalView; currency: string }) {
  return (
    <li className="card stack goal-closed" aria-label={`${goal.name} (closed)`}>
      <h2 id={goalHeadingId(goal.id)} tabIndex={-1} className="muted">
        {goal.name} <span className="badge">Closed</span>
      </h2>
      <p className="muted">
        Target <Money amount={goal.targetAmount} currency={currency} />
        {goal.closedAt ? ` · closed ${formatDate(goal.closedAt)}` : ''}. Its savings went back to
        your account.
      </p>
    </li>
  );
}

/** Renaming a goal or changing its target; says the new name when saved. */
export function GoalEditForm({
  goal,
  currency,
  onSaved,
}: {
  goal: GoalView;
  currency: string;
  onSaved: (name: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [edit, setEdit] = useState({
    name: goal.name,
    target: toDecimalString(goal.targetAmount, minorDigits(currency)),
  });
  const [editError, setEditError] = useState<string | null>(null);
  const update = useMutation(
    trpc.savings.update.mutationOptions({
      onSuccess: async (g) => {
        onSaved(g.name);
        await queryClient.invalidateQueries();
      },
    }),
  );

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

  return (
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
  );
}
