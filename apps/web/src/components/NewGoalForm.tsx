import { useTRPC } from '@quickpay/client/react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../lib/errors.ts';
import { localDay } from '../lib/goal-plan.ts';
import { minorDigits, parsePositiveAmount } from '../lib/money.ts';
import { AmountField, Field } from './Field.tsx';
import { ErrorAlert } from './ui.tsx';

/** The new-goal form (shown in a sheet on the Goals page); says the goal's name when done. */
export function NewGoalForm({
  currency,
  onCreated,
}: {
  currency: string;
  onCreated: (name: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.savings.create.mutationOptions());
  const [form, setForm] = useState({ name: '', target: '', targetDate: '', description: '' });
  const [targetError, setTargetError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const target = parsePositiveAmount(form.target, minorDigits(currency));
    if (!target.ok) {
      setTargetError(target.error);
      return;
    }
    setTargetError(null);
    create.mutate(
      {
        name: form.name.trim(),
        targetAmount: target.minor,
        ...(form.targetDate ? { targetDate: form.targetDate } : {}),
        ...(form.description.trim() ? { description: form.description.trim() } : {}),
      },
      {
        onSuccess: async (goal) => {
          onCreated(goal.name);
          await queryClient.invalidateQueries();
        },
      },
    );
  };

  return (
    <form className="stack" onSubmit={submit} aria-label="New goal">
      <Field
        label="Goal name"
        required
        maxLength={60}
        value={form.name}
        onChange={(e) => setForm({ ...form, name: e.target.value })}
      />
      <AmountField
        label={`Target (${currency})`}
        value={form.target}
        error={targetError}
        onChange={(e) => setForm({ ...form, target: e.target.value })}
      />
      <Field
        label="Target date (optional)"
        type="date"
        min={localDay()}
        value={form.targetDate}
        onChange={(e) => setForm({ ...form, targetDate: e.target.value })}
      />
      <Field
        label="Description (optional)"
        maxLength={500}
        value={form.description}
        onChange={(e) => setForm({ ...form, description: e.target.value })}
      />
      {create.isError && <ErrorAlert message={errorMessage(create.error)} />}
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create goal'}
      </button>
    </form>
  );
}
