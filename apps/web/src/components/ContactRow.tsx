import type { RouterOutputs } from '@quickpay/client';
import { useTRPC } from '@quickpay/client/react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../lib/errors.ts';
import { Field } from './Field.tsx';
import { ErrorAlert } from './ui.tsx';

export type ContactView = RouterOutputs['contacts']['list'][number];

/** One payee: pay, edit its nickname and relation, or remove it. */
export function ContactRow({ contact }: { contact: ContactView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [nickname, setNickname] = useState(contact.nickname);
  const [relation, setRelation] = useState(contact.relation);
  const refresh = () => queryClient.invalidateQueries();
  const update = useMutation(
    trpc.contacts.update.mutationOptions({
      onSuccess: async () => {
        setEditing(false);
        await refresh();
      },
    }),
  );
  const remove = useMutation(trpc.contacts.remove.mutationOptions({ onSuccess: refresh }));

  const save = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ contactId: contact.id, nickname: nickname.trim(), relation: relation.trim() });
  };

  return (
    <li className="stack" aria-label={contact.nickname}>
      <div className="row">
        <span className="activity-text">
          <strong>{contact.nickname}</strong>
          <span className="muted">
            A/c {contact.accountNumber}
            {contact.relation ? ` · ${contact.relation}` : ''}
          </span>
        </span>
        <Link to={`/pay?to=${contact.accountNumber}`} aria-label={`Pay ${contact.nickname}`}>
          Pay
        </Link>
        <button
          type="button"
          className="secondary"
          aria-expanded={editing}
          onClick={() => setEditing((v) => !v)}
        >
          Edit
        </button>
        <button
          type="button"
          className="danger"
          disabled={remove.isPending}
          onClick={() => {
            if (window.confirm(`Remove ${contact.nickname} from your contacts?`))
              remove.mutate({ contactId: contact.id });
          }}
        >
          Remove
        </button>
      </div>
      {remove.isError && <ErrorAlert message={errorMessage(remove.error)} />}
      {editing && (
        <form className="row" onSubmit={save} aria-label={`Edit ${contact.nickname}`}>
          <Field
            label="Nickname"
            required
            maxLength={60}
            value={nickname}
            onChange={(e) => setNickname(e.target.value)}
          />
          <Field
            label="Relation"
            maxLength={40}
            value={relation}
            onChange={(e) => setRelation(e.target.value)}
          />
          <button type="submit" disabled={update.isPending}>
            Save
          </button>
          {update.isError && <ErrorAlert message={errorMessage(update.error)} />}
        </form>
      )}
    </li>
  );
}
