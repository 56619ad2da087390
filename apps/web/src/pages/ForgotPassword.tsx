import { useTRPC } from '@quickpay/client/react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { AuthPage } from '../components/AuthPage.tsx';
import { Field } from '../components/Field.tsx';
import { ErrorAlert, Notice } from '../components/ui.tsx';
import { errorMessage } from '../lib/errors.ts';
import { passwordProblem } from '../lib/password-problem.ts';

/** Two steps: ask for a code by SMS, then set a new password with it. */
export function ForgotPassword() {
  const trpc = useTRPC();
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [newPassword, setNewPassword] = useState('');

  const ask = (e: FormEvent) => {
    e.preventDefault();
    request.mutate({ phone: phone.trim() });
  };
  const change = (e: FormEvent) => {
    e.preventDefault();
    reset.mutate({ phone: phone.trim(), code: code.trim(), newPassword });
  };

  if (reset.isSuccess) {
    return (
      <AuthPage title="Password changed">
        <Notice>Your password has been changed and every session has been logged out.</Notice>
        <Link to="/login">Log in with your new password</Link>
      </AuthPage>
    );
  }

  return (
    <AuthPage title="Reset your password">
      {!request.isSuccess ? (
        <form className="stack" onSubmit={ask}>
          <p>We will text a 6-digit code to the phone on your account.</p>
          <Field
            label="Mobile phone"
            type="tel"
            autoComplete="tel"
            required
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
          />
          {request.isError && <ErrorAlert message={errorMessage(request.error)} />}
          <button type="submit" disabled={request.isPending}>
            {request.isPending ? 'Sending…' : 'Text me a code'}
          </button>
        </form>
      ) : (
        <form className="stack" onSubmit={change}>
          <Notice>
            If that number has an account, a code is on its way. It works for 10 minutes.
          </Notice>
          <Field
            label="Code from the SMS"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            pattern="\d{6}"
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <Field
            label="New password"
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            hint="At least 8 characters and hard to guess (a few uncommon words work well)"
            value={newPassword}
            error={reset.isError ? passwordProblem(reset.error) : null}
            onChange={(e) => setNewPassword(e.target.value)}
          />
          {reset.isError && !passwordProblem(reset.error) && (
            <ErrorAlert message={errorMessage(reset.error)} />
          )}
          <div className="row">
            <button type="submit" disabled={reset.isPending}>
              {reset.isPending ? 'Saving…' : 'Set new password'}
            </button>
            <button type="button" className="secondary" onClick={() => request.reset()}>
              Send another code
            </button>
          </div>
        </form>
      )}
      <p>
        <Link to="/login">Back to log in</Link>
      </p>
    </AuthPage>
  );
}
