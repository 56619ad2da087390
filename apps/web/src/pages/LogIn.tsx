import { useTRPC } from '@quickpay/client/react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { AuthPage } from '../components/AuthPage.tsx';
import { Field } from '../components/Field.tsx';
import { ErrorAlert, Notice } from '../components/ui.tsx';
import { errorMessage } from '../lib/errors.ts';
import { useSession } from '../session.tsx';

/** Account numbers are short; a phone has 10+ digits or starts with '+'. */
export function loginIdentity(text: string): { accountNumber: number } | { phone: string } {
  const t = text.trim().replace(/[\s-]/g, '');
  return /^\d{1,9}$/.test(t) ? { accountNumber: Number(t) } : { phone: t };
}

export function LogIn() {
  const trpc = useTRPC();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const logIn = useMutation(trpc.auth.logIn.mutationOptions());
  const [who, setWho] = useState('');
  const [password, setPassword] = useState('');
  const from = (location.state as { from?: unknown } | null)?.from;
  // Set when a live session_ended sent the page here (live/LiveUpdates.tsx).
  const reason = (location.state as { reason?: unknown } | null)?.reason;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    logIn.mutate(
      { ...loginIdentity(who), password },
      {
        onSuccess: () => {
          session.loggedIn();
          void navigate(typeof from === 'string' ? from : '/dashboard', { replace: true });
        },
      },
    );
  };

  return (
    <AuthPage title="Log in">
      <form className="stack" onSubmit={submit}>
        {typeof reason === 'string' && <Notice>{reason}</Notice>}
        <Field
          label="Account number or phone"
          autoComplete="username"
          required
          value={who}
          onChange={(e) => setWho(e.target.value)}
        />
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {logIn.isError && <ErrorAlert message={errorMessage(logIn.error)} />}
        <button type="submit" disabled={logIn.isPending}>
          {logIn.isPending ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <p>
        <Link to="/forgot">Forgot your password?</Link>
      </p>
      <p>
        New to Quickpay? <Link to="/signup">Open an account</Link>
      </p>
    </AuthPage>
  );
}
