import { useTRPC } from '@quickpay/client/react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { AmountField, Field } from '../components/Field.tsx';
import { GoalCard } from '../components/GoalCard.tsx';
import { ErrorAlert, Notice, QueryState } from '../components/ui.tsx';
import { useCurrency } from '../lib/currency.ts';
import { errorMessage } from '../lib/errors.ts';
import { minorDigits, parsePositiveAmount } from '../lib/money.ts';

export function Goals() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const currency = useCurrency();
  const [showClosed, setShowClosed] = useState(false);
  const goals = useQuery(trpc.savings.list.queryOptions({ includeClosed: showClosed }));
  const create = useMutation(trpc.savings.create.mutationOptions());
  const [form, setForm] = useState({ name: '', target: '', targetDate: '', description: '' });
  const [targetError, setTargetError] = useState<string | null>(null);
  const [closedNote, setClosedNote] = useState<string | null>(null);

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
        onSuccess: async () => {
          setForm({ name: '', target: '', targetDate: '', description: '' });
          await queryClient.invalidateQueries();
        },
      },
    );
  };

  return (
    <div className="page">
      <h1>Savings goals</h1>
      <form className="card stack" onSubmit={submit} aria-labelledby="new-goal-h">
        <h2 id="new-goal-h">New goal</h2>
        <div className="grid">
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
            value={form.targetDate}
            onChange={(e) => setForm({ ...form, targetDate: e.target.value })}
          />
          <Field
            label="Description (optional)"
            maxLength={500}
            value={form.description}
            onChange={(e) => setForm({ ...form, description: e.target.value })}
          />
        </div>
        {create.isError && <ErrorAlert message={errorMessage(create.error)} />}
        {create.isSuccess && <Notice>Goal created.</Notice>}
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create goal'}
        </button>
      </form>
      {closedNote && <Notice>{closedNote}</Notice>}
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
                <GoalCard key={g.id} goal={g} currency={currency} onClosed={setClosedNote} />
              ))}
            </ul>
          ) : (
            <p className="muted">No goals yet. Create one above.</p>
          )
        }
      </QueryState>
    </div>
  );
}
