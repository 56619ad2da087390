import { useTRPCClient } from '@quickpay/client/react';
import { type FormEvent, useState } from 'react';
import { actionMessages } from '../lib/action-messages.ts';
import { errorMessage } from '../lib/errors.ts';
import { formatMoney, minorDigits, parsePositiveAmount } from '../lib/money.ts';
import { useMoneyAction } from '../lib/use-money-action.ts';
import { AmountField, Field } from './Field.tsx';
import { ErrorAlert, Notice } from './ui.tsx';

type Target =
  | { kind: 'transfer'; toAccountNumber: number }
  | { kind: 'goal_deposit'; goalId: string };
type Frequency = 'once' | 'weekly' | 'monthly';

/** Today in the browser's zone, 'YYYY-MM-DD' (the server checks against TIME_ZONE). */
const today = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/**
 * Sets up a scheduled payment or a recurring goal top-up ("Repeat…" on Pay, "Save
 * automatically" on a goal). The amount may be prefilled from the surrounding form.
 */
export function ScheduleForm({
  target,
  currency,
  label,
  initialAmount = '',
  note,
}: {
  target: Target;
  currency: string;
  label: string;
  initialAmount?: string;
  note?: string;
}) {
  const client = useTRPCClient();
  const [amountText, setAmountText] = useState(initialAmount);
  const [amountError, setAmountError] = useState<string | null>(null);
  const [frequency, setFrequency] = useState<Frequency>('monthly');
  const [startDate, setStartDate] = useState(today());
  const [endDate, setEndDate] = useState('');
  const [done, setDone] = useState<string | null>(null);

  const create = useMoneyAction(
    (input: { amount: number }, idempotencyKey: string) =>
      client.schedules.create.mutate({
        ...target,
        amount: input.amount,
        frequency,
        startDate,
        ...(endDate ? { endDate } : {}),
        ...(note ? { note } : {}),
        idempotencyKey,
      }),
    (s) => {
      setDone(
        `Scheduled ${formatMoney(s.amount, currency)} ${frequency === 'once' ? 'once' : frequency}, next on ${s.nextRunDate}.`,
      );
    },
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parsePositiveAmount(amountText, minorDigits(currency));
    if (!parsed.ok) {
      setAmountError(parsed.error);
      return;
    }
    setAmountError(null);
    setDone(null);
    create.submit({ amount: parsed.minor });
  };

  return (
    <form className="stack" onSubmit={submit} aria-label={label}>
      <AmountField
        label={`Amount each time (${currency})`}
        value={amountText}
        error={amountError}
        onChange={(e) => setAmountText(e.target.value)}
      />
      <label className="field">
        How often
        <select value={frequency} onChange={(e) => setFrequency(e.target.value as Frequency)}>
          <option value="once">Once</option>
          <option value="weekly">Every week</option>
          <option value="monthly">Every month</option>
        </select>
      </label>
      <Field
        label="First date"
        type="date"
        required
        value={startDate}
        onChange={(e) => setStartDate(e.target.value)}
      />
      {frequency !== 'once' && (
        <Field
          label="Last date (optional)"
          type="date"
          value={endDate}
          onChange={(e) => setEndDate(e.target.value)}
        />
      )}
      {create.isError && (
        <ErrorAlert message={errorMessage(create.error, actionMessages.schedule)} />
      )}
      {done && <Notice>{done}</Notice>}
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? 'Working…' : 'Schedule it'}
      </button>
    </form>
  );
}
