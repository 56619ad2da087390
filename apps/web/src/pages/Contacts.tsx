import { useTRPC } from '@quickpay/client/react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ContactRow } from '../components/ContactRow.tsx';
import { Field } from '../components/Field.tsx';
import { ErrorAlert, Notice, QueryState } from '../components/ui.tsx';
import { actionMessages } from '../lib/action-messages.ts';
import { errorMessage } from '../lib/errors.ts';

const numberOf = (text: string): number | null =>
  /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : null;

export function Contacts() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const contacts = useQuery(trpc.contacts.list.queryOptions());
  const [account, setAccount] = useState('');
  const [checked, setChecked] = useState<number | null>(null);
  const [nickname, setNickname] = useState('');
  const [relation, setRelation] = useState('');
  const [added, setAdded] = useState<string | null>(null);
  const lookup = useQuery({
    ...trpc.contacts.lookup.queryOptions({ accountNumber: checked ?? 0 }),
    enabled: checked !== null,
  });
  const found = lookup.data && lookup.data.accountNumber === numberOf(account) ? lookup.data : null;
  const add = useMutation(trpc.contacts.add.mutationOptions());

  const check = (e: FormEvent) => {
    e.preventDefault();
    setAdded(null);
    setChecked(numberOf(account));
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!found) return;
    add.mutate(
      {
        accountNumber: found.accountNumber,
        nickname: nickname.trim() || found.maskedName,
        ...(relation.trim() ? { relation: relation.trim() } : {}),
      },
      {
        onSuccess: async (c) => {
          setAdded(`${c.nickname} was added to your contacts.`);
          setAccount('');
          setChecked(null);
          setNickname('');
          setRelation('');
          await queryClient.invalidateQueries();
        },
      },
    );
  };

  return (
    <div className="page">
      <h1>Contacts</h1>
      <section className="card stack" aria-labelledby="add-h">
        <h2 id="add-h">Add a contact</h2>
        <form className="row" onSubmit={check}>
          <Field
            label="Their account number"
            inputMode="numeric"
            autoComplete="off"
            required
            value={account}
            onChange={(e) => {
              setAccount(e.target.value);
              setChecked(null);
            }}
          />
          <button type="submit" className="secondary" disabled={numberOf(account) === null}>
            Look up
          </button>
        </form>
        {checked !== null && lookup.isPending && <p role="status">Looking up the account…</p>}
        {checked !== null && lookup.isError && (
          <ErrorAlert message={errorMessage(lookup.error, actionMessages.addPayee)} />
        )}
        {found && (
          <form className="stack" onSubmit={save} aria-label="Save contact">
            <p className="payee" role="status">
              Account {found.accountNumber}: <strong>{found.maskedName}</strong>
            </p>
            <Field
              label="Nickname"
              maxLength={60}
              placeholder={found.maskedName}
              value={nickname}
              onChange={(e) => setNickname(e.target.value)}
            />
            <Field
              label="Relation (optional)"
              maxLength={40}
              value={relation}
              onChange={(e) => setRelation(e.target.value)}
            />
            {add.isError && (
              <ErrorAlert message={errorMessage(add.error, actionMessages.addPayee)} />
            )}
            <button type="submit" disabled={add.isPending}>
              Add contact
            </button>
          </form>
        )}
        {added && <Notice>{added}</Notice>}
      </section>
      <section className="card stack" aria-labelledby="list-h">
        <h2 id="list-h">Your contacts</h2>
        <QueryState query={contacts} what="your contacts">
          {() =>
            contacts.data && contacts.data.length > 0 ? (
              <ul className="plain">
                {contacts.data.map((c) => (
                  <ContactRow key={c.id} contact={c} />
                ))}
              </ul>
            ) : (
              <p className="muted">No contacts yet.</p>
            )
          }
        </QueryState>
      </section>
    </div>
  );
}
