import { useTRPC } from '@quickpay/client/react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Field } from '../components/Field.tsx';
import { SessionsList } from '../components/SessionsList.tsx';
import { ErrorAlert, Notice, QueryState } from '../components/ui.tsx';
import { apiError, errorMessage } from '../lib/errors.ts';
import { passwordProblem } from '../lib/password-problem.ts';
import { useSession } from '../session.tsx';

const FIELD_CODES = new Set(['INVALID_CREDENTIALS', 'WEAK_PASSWORD']);

export function Profile() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const session = useSession();
  const profile = useQuery(trpc.profile.get.queryOptions());
  // The switch moves at once; a refusal puts it back, the answer becomes the cached profile.
  const [alertsShown, setAlertsShown] = useState<boolean | null>(null);
  const update = useMutation(
    trpc.profile.update.mutationOptions({
      onSettled: () => setAlertsShown(null),
      onSuccess: (fresh) => queryClient.setQueryData(trpc.profile.get.queryKey(), fresh),
    }),
  );

  const change = useMutation(trpc.auth.changePassword.mutationOptions());
  const [pw, setPw] = useState({ current: '', next: '', again: '' });
  const [mismatch, setMismatch] = useState<string | null>(null);

  // A wrong current password or a weak new one is shown on its own field.
  const changeCode = change.isError ? apiError(change.error).domainCode : null;

  const changePassword = (e: FormEvent) => {
    e.preventDefault();
    if (pw.next !== pw.again) {
      setMismatch('The two new passwords are not the same.');
      return;
    }
    setMismatch(null);
    change.mutate(
      { currentPassword: pw.current, newPassword: pw.next },
      {
        onSuccess: async () => {
          setPw({ current: '', next: '', again: '' });
          await queryClient.invalidateQueries(trpc.auth.sessions.queryFilter());
        },
      },
    );
  };

  return (
    <div className="page">
      <h1>Profile</h1>
      <QueryState query={profile} what="your profile">
        {() =>
          profile.data && (
            <section className="card stack" aria-labelledby="me-h">
              <h2 id="me-h">{profile.data.fullName}</h2>
              <p>
                Account number <strong>{profile.data.accountNumber}</strong> · Phone{' '}
                {profile.data.phone}
              </p>
              <label className="row">
                <input
                  type="checkbox"
                  checked={alertsShown ?? profile.data.smsAlerts}
                  disabled={update.isPending}
                  onChange={(e) => {
                    setAlertsShown(e.target.checked);
                    update.mutate({ smsAlerts: e.target.checked });
                  }}
                />
                Text me when money arrives (SMS alerts)
              </label>
              {update.isError && <ErrorAlert message={errorMessage(update.error)} />}
              {update.isSuccess && (
                <Notice>SMS alerts are {profile.data.smsAlerts ? 'on' : 'off'}.</Notice>
              )}
            </section>
          )
        }
      </QueryState>

      <form className="card stack" onSubmit={changePassword} aria-labelledby="pw-h">
        <h2 id="pw-h">Change password</h2>
        <Field
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          value={pw.current}
          error={changeCode === 'INVALID_CREDENTIALS' ? 'That is not your current password.' : null}
          onChange={(e) => setPw({ ...pw, current: e.target.value })}
        />
        <Field
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          hint="At least 8 characters and hard to guess (a few uncommon words work well)"
          value={pw.next}
          error={change.isError ? passwordProblem(change.error) : null}
          onChange={(e) => setPw({ ...pw, next: e.target.value })}
        />
        <Field
          label="New password again"
          type="password"
          autoComplete="new-password"
          required
          value={pw.again}
          error={mismatch}
          onChange={(e) => setPw({ ...pw, again: e.target.value })}
        />
        {change.isError && !FIELD_CODES.has(changeCode ?? '') && (
          <ErrorAlert message={errorMessage(change.error)} />
        )}
        {change.isSuccess && (
          <Notice>Password changed. Your other sessions have been logged out.</Notice>
        )}
        <button type="submit" disabled={change.isPending}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
      </form>

      <SessionsList />

      <section className="card stack" aria-labelledby="out-h">
        <h2 id="out-h">Log out</h2>
        <div>
          <button type="button" className="secondary" onClick={() => void session.logOut()}>
            Log out of this device
          </button>
        </div>
      </section>
    </div>
  );
}
