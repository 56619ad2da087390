import { useTRPC } from '@quickpay/client/react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CircleCheck } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { errorMessage } from '../../lib/errors.ts';
import { formatMoney } from '../../lib/money.ts';
import { ErrorAlert, formatDate, Notice } from '../ui.tsx';
import type { Receipt } from './types.ts';

const DONE: Record<string, string> = {
  transfer: 'Sent',
  deposit: 'Deposited',
  withdraw: 'Withdrawn',
};

/** What happened, with the reference to quote; offers to save a new payee and to pay again. */
export function ReceiptView({
  receipt,
  currency,
  onPayAgain,
  onNew,
}: {
  receipt: Receipt;
  currency: string;
  onPayAgain: () => void;
  onNew: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const contacts = useQuery(trpc.contacts.list.queryOptions());
  const add = useMutation(
    trpc.contacts.add.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }),
  );
  const { request } = receipt;
  const payee = request.payee;
  const isNew =
    payee !== undefined &&
    contacts.data !== undefined &&
    !contacts.data.some((c) => c.accountNumber === payee.accountNumber);
  const amount = formatMoney(request.amount, currency);

  return (
    <section className="card stack receipt" aria-labelledby="receipt-h">
      <p className="receipt-mark" aria-hidden="true">
        <CircleCheck size={40} />
      </p>
      <h2 id="receipt-h" ref={heading} tabIndex={-1}>
        {DONE[request.mode]} {amount}
        {payee ? ` to ${payee.maskedName}` : ''}
      </h2>
      {receipt.confirmedAfterLoss && (
        <Notice>The connection dropped, so we checked: this went through, once.</Notice>
      )}
      <dl className="facts">
        {payee && (
          <>
            <dt>To</dt>
            <dd>
              {payee.maskedName} · A/c {payee.accountNumber}
            </dd>
          </>
        )}
        <dt>When</dt>
        <dd>{formatDate(receipt.createdAt)}</dd>
        {request.note && (
          <>
            <dt>Note</dt>
            <dd>{request.note}</dd>
          </>
        )}
        <dt>Reference</dt>
        <dd className="ref" data-testid="reference">
          {receipt.transferId}
        </dd>
        <dt>Your balance now</dt>
        <dd>{formatMoney(receipt.balance, currency)}</dd>
      </dl>
      {add.isSuccess && <Notice>{add.data.nickname} is now in your payees.</Notice>}
      {add.isError && <ErrorAlert message={errorMessage(add.error)} />}
      <div className="row actions">
        {payee && isNew && !add.isSuccess && (
          <button
            type="button"
            className="secondary"
            disabled={add.isPending}
            onClick={() =>
              add.mutate({ accountNumber: payee.accountNumber, nickname: payee.maskedName })
            }
          >
            Add to payees
          </button>
        )}
        {payee && (
          <button type="button" className="secondary" onClick={onPayAgain}>
            Pay again
          </button>
        )}
        <button type="button" onClick={onNew}>
          Done
        </button>
      </div>
    </section>
  );
}
