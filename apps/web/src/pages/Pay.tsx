import { useTRPC, useTRPCClient } from '@quickpay/client/react';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { AmountField, Field } from '../components/Field.tsx';
import { ScheduleForm } from '../components/ScheduleForm.tsx';
import { ErrorAlert, Loading, Notice } from '../components/ui.tsx';
import { useCurrency } from '../lib/currency.ts';
import { errorMessage } from '../lib/errors.ts';
import { formatMoney, minorDigits, parsePositiveAmount } from '../lib/money.ts';
import { useMoneyAction } from '../lib/use-money-action.ts';

type Mode = 'transfer' | 'deposit' | 'withdraw';
const MODES: readonly [Mode, string][] = [
  ['transfer', 'Send to someone'],
  ['deposit', 'Deposit'],
  ['withdraw', 'Withdraw'],
];

interface PayRequest {
  mode: Mode;
  amount: number;
  note?: string;
  toAccountNumber?: number;
}

const accountNumberOf = (text: string): number | null =>
  /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : null;

export function Pay() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const currency = useCurrency();
  const [params] = useSearchParams();
  const initialTo = params.get('to') ?? '';
  const [mode, setMode] = useState<Mode>(params.get('mode') === 'deposit' ? 'deposit' : 'transfer');
  const [to, setTo] = useState(initialTo);
  const [checked, setChecked] = useState<number | null>(accountNumberOf(initialTo));
  const [amountText, setAmountText] = useState('');
  const [note, setNote] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [repeat, setRepeat] = useState(false);
  const contactSelect = useId();

  const contacts = useQuery(trpc.contacts.list.queryOptions());
  const lookup = useQuery({
    ...trpc.contacts.lookup.queryOptions({ accountNumber: checked ?? 0 }),
    enabled: mode === 'transfer' && checked !== null,
  });
  const payee =
    lookup.data && lookup.data.accountNumber === accountNumberOf(to) ? lookup.data : null;

  const pay = useMoneyAction(
    ({ mode: m, ...input }: PayRequest, idempotencyKey: string) => {
      const base = {
        amount: input.amount,
        idempotencyKey,
        ...(input.note ? { note: input.note } : {}),
      };
      if (m === 'deposit') return client.payments.deposit.mutate(base);
      if (m === 'withdraw') return client.payments.withdraw.mutate(base);
      return client.payments.transfer.mutate({
        ...base,
        toAccountNumber: input.toAccountNumber ?? 0,
      });
    },
    (result, input) => {
      const amount = formatMoney(input.amount, currency);
      const what =
        input.mode === 'deposit'
          ? `Deposited ${amount}`
          : input.mode === 'withdraw'
            ? `Withdrew ${amount}`
            : `Sent ${amount} to ${payee?.maskedName ?? `account ${input.toAccountNumber}`}`;
      setDone(`${what} — your balance is now ${formatMoney(result.balance, currency)}.`);
      setAmountText('');
      setNote('');
    },
  );

  const changeTo = (value: string) => {
    setTo(value);
    setChecked(null);
    setDone(null);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parsePositiveAmount(amountText, minorDigits(currency));
    if (!parsed.ok) {
      setAmountError(parsed.error);
      return;
    }
    setAmountError(null);
    if (mode === 'transfer' && !payee) {
      // Enter in the account number field checks the payee first; paying needs a second step.
      setChecked(accountNumberOf(to));
      return;
    }
    setDone(null);
    pay.submit({
      mode,
      amount: parsed.minor,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(mode === 'transfer' && payee ? { toAccountNumber: payee.accountNumber } : {}),
    });
  };

  const parsed = parsePositiveAmount(amountText, minorDigits(currency));
  const label =
    mode === 'transfer'
      ? payee && parsed.ok
        ? `Pay ${formatMoney(parsed.minor, currency)} to ${payee.maskedName}`
        : 'Pay'
      : mode === 'deposit'
        ? 'Deposit'
        : 'Withdraw';

  return (
    <div className="page">
      <h1>Pay and move money</h1>
      <form className="card stack" onSubmit={submit}>
        <fieldset className="row">
          <legend>What do you want to do?</legend>
          {MODES.map(([m, text]) => (
            <label key={m} className="row">
              <input
                type="radio"
                name="mode"
                value={m}
                checked={mode === m}
                onChange={() => {
                  setMode(m);
                  setDone(null);
                }}
              />
              {text}
            </label>
          ))}
        </fieldset>

        {mode === 'transfer' && (
          <div className="stack">
            {contacts.isPending && <Loading what="your contacts" />}
            {contacts.isError && (
              <ErrorAlert message={`Could not load contacts: ${errorMessage(contacts.error)}`} />
            )}
            {contacts.data && contacts.data.length > 0 && (
              <div className="field">
                <label htmlFor={contactSelect}>Pay a contact</label>
                <select
                  id={contactSelect}
                  value={contacts.data.some((c) => String(c.accountNumber) === to) ? to : ''}
                  onChange={(e) => {
                    changeTo(e.target.value);
                    setChecked(accountNumberOf(e.target.value));
                  }}
                >
                  <option value="">Choose a contact…</option>
                  {contacts.data.map((c) => (
                    <option key={c.id} value={String(c.accountNumber)}>
                      {c.nickname} ({c.accountNumber})
                    </option>
                  ))}
                </select>
              </div>
            )}
            <div className="row">
              <Field
                label="Account number"
                inputMode="numeric"
                autoComplete="off"
                value={to}
                onChange={(e) => changeTo(e.target.value)}
              />
              <button
                type="button"
                className="secondary"
                disabled={accountNumberOf(to) === null}
                onClick={() => setChecked(accountNumberOf(to))}
              >
                Check payee
              </button>
            </div>
            {checked !== null && lookup.isPending && <p role="status">Checking the account…</p>}
            {lookup.isError && checked !== null && (
              <ErrorAlert message={errorMessage(lookup.error)} />
            )}
            {payee && (
              <p className="payee" role="status" data-testid="payee">
                Account {payee.accountNumber}: <strong>{payee.maskedName}</strong>
              </p>
            )}
          </div>
        )}

        <AmountField
          label={`Amount (${currency})`}
          value={amountText}
          error={amountError}
          onChange={(e) => {
            setAmountText(e.target.value);
            setAmountError(null);
          }}
        />
        <Field
          label="Note (optional)"
          maxLength={140}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        {pay.isError && <ErrorAlert message={errorMessage(pay.error)} />}
        {done && <Notice>{done}</Notice>}
        <button type="submit" disabled={pay.isPending || (mode === 'transfer' && !payee)}>
          {pay.isPending ? 'Working…' : label}
        </button>
        {mode === 'transfer' && payee && (
          <button
            type="button"
            className="secondary"
            aria-expanded={repeat}
            onClick={() => setRepeat((v) => !v)}
          >
            Repeat…
          </button>
        )}
      </form>
      {repeat && mode === 'transfer' && payee && (
        <section className="card stack" aria-label="Repeat this payment">
          <h2>Repeat to {payee.maskedName}</h2>
          <ScheduleForm
            target={{ kind: 'transfer', toAccountNumber: payee.accountNumber }}
            currency={currency}
            label="Schedule a payment"
            initialAmount={amountText}
            {...(note.trim() ? { note: note.trim() } : {})}
          />
        </section>
      )}
    </div>
  );
}
