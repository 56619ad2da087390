import { useTRPC, useTRPCClient } from '@quickpay/client/react';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { AmountField, Field } from '../components/Field.tsx';
import { PayeeList } from '../components/pay/PayeeList.tsx';
import { ReceiptView } from '../components/pay/ReceiptView.tsx';
import { Review } from '../components/pay/Review.tsx';
import { type Mode, type PayRequest, type Receipt, verb } from '../components/pay/types.ts';
import { accountNumberOf, usePayeeLookup } from '../components/pay/use-payee-lookup.ts';
import { ScheduleForm } from '../components/ScheduleForm.tsx';
import { ErrorAlert, Money } from '../components/ui.tsx';
import { actionMessages, OWN_ACCOUNT_ON_PAY } from '../lib/action-messages.ts';
import { useCurrency } from '../lib/currency.ts';
import { errorMessage } from '../lib/errors.ts';
import { formatMoney, minorDigits, parsePositiveAmount } from '../lib/money.ts';
import { useMoneyAction } from '../lib/use-money-action.ts';

const MODES: readonly [Mode, string][] = [
  ['transfer', 'Send to someone'],
  ['deposit', 'Deposit'],
  ['withdraw', 'Withdraw'],
];

type Step =
  | { kind: 'form' }
  | { kind: 'review'; request: PayRequest }
  | { kind: 'receipt'; receipt: Receipt };

/** Pay: fill in, review, confirm, receipt. Nothing moves before Confirm on the review step. */
export function Pay() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const currency = useCurrency();
  const [params] = useSearchParams();
  const [mode, setMode] = useState<Mode>(params.get('mode') === 'deposit' ? 'deposit' : 'transfer');
  const [to, setTo] = useState(params.get('to') ?? '');
  const [amountText, setAmountText] = useState('');
  const [note, setNote] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const [repeat, setRepeat] = useState(false);

  const profile = useQuery(trpc.profile.get.queryOptions());
  const summary = useQuery(trpc.account.summary.queryOptions());
  const balance = summary.data?.balance ?? null;
  const lookup = usePayeeLookup(to, profile.data?.accountNumber ?? null, mode === 'transfer');
  const payee = lookup.payee;

  const pay = useMoneyAction(
    ({ mode: m, amount, note: n, payee: p }: PayRequest, idempotencyKey: string) => {
      const base = { amount, idempotencyKey, ...(n ? { note: n } : {}) };
      if (m === 'deposit') return client.payments.deposit.mutate(base);
      if (m === 'withdraw') return client.payments.withdraw.mutate(base);
      return client.payments.transfer.mutate({ ...base, toAccountNumber: p?.accountNumber ?? 0 });
    },
    (result, request, confirmedAfterLoss) => {
      setStep({
        kind: 'receipt',
        receipt: {
          request,
          transferId: result.transfer.id,
          createdAt: result.transfer.createdAt,
          balance: result.balance,
          confirmedAfterLoss,
        },
      });
      setAmountText('');
      setNote('');
    },
  );

  const review = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parsePositiveAmount(amountText, minorDigits(currency));
    if (!parsed.ok) return setAmountError(parsed.error);
    if (mode !== 'deposit' && balance !== null && parsed.minor > balance) {
      return setAmountError(`That is more than your balance of ${formatMoney(balance, currency)}.`);
    }
    if (mode === 'transfer' && !payee) return;
    setAmountError(null);
    pay.reset();
    setStep({
      kind: 'review',
      request: {
        mode,
        amount: parsed.minor,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(mode === 'transfer' && payee
          ? { payee: { accountNumber: payee.accountNumber, maskedName: payee.maskedName } }
          : {}),
      },
    });
  };

  if (step.kind === 'receipt') {
    const again = step.receipt.request;
    return (
      <div className="page">
        <h1>Pay and move money</h1>
        <ReceiptView
          receipt={step.receipt}
          currency={currency}
          onPayAgain={() => {
            setMode(again.mode);
            setTo(again.payee ? String(again.payee.accountNumber) : '');
            if (again.payee) lookup.settle(again.payee.accountNumber);
            setStep({ kind: 'form' });
          }}
          onNew={() => {
            setTo('');
            setStep({ kind: 'form' });
          }}
        />
      </div>
    );
  }

  return (
    <div className="page">
      <div className="page-head">
        <h1>Pay and move money</h1>
        {balance !== null && (
          <p className="balance-line" data-testid="pay-balance">
            Balance <Money amount={balance} currency={currency} />
          </p>
        )}
      </div>
      {step.kind === 'review' ? (
        <Review
          request={step.request}
          balance={balance}
          currency={currency}
          pending={pay.isPending}
          error={pay.isError ? pay.error : null}
          onConfirm={() => pay.submit(step.request)}
          onEdit={() => setStep({ kind: 'form' })}
        />
      ) : (
        <form className="card stack" onSubmit={review} aria-label="Payment details">
          <fieldset className="segmented">
            <legend>What do you want to do?</legend>
            {MODES.map(([m, text]) => (
              <label key={m}>
                <input
                  type="radio"
                  name="mode"
                  value={m}
                  checked={mode === m}
                  onChange={() => setMode(m)}
                />
                <span>{text}</span>
              </label>
            ))}
          </fieldset>

          {mode === 'transfer' && (
            <div className="stack">
              <PayeeList
                selected={accountNumberOf(to)}
                onPick={(n) => {
                  setTo(String(n));
                  lookup.settle(n);
                }}
              />
              <Field
                label="Account number"
                inputMode="numeric"
                autoComplete="off"
                value={to}
                onChange={(e) => setTo(e.target.value)}
                error={
                  lookup.isOwn
                    ? OWN_ACCOUNT_ON_PAY
                    : lookup.error
                      ? errorMessage(lookup.error, actionMessages.payLookup)
                      : null
                }
              />
              <div aria-live="polite">
                {lookup.checking && <p className="muted">Checking the account…</p>}
                {payee && (
                  <p className="payee" data-testid="payee">
                    Account {payee.accountNumber}: <strong>{payee.maskedName}</strong>
                  </p>
                )}
              </div>
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
          <button type="submit" disabled={mode === 'transfer' && !payee}>
            Review {verb(mode).toLowerCase()}
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
      )}
      {step.kind === 'form' && repeat && mode === 'transfer' && payee && (
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
