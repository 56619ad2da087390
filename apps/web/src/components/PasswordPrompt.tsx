import { useTRPC } from '@quickpay/client/react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { actionMessages } from '../lib/action-messages.ts';
import { errorMessage } from '../lib/errors.ts';
import { ErrorAlert } from './ui.tsx';

/** A modal that proves the password again (auth.confirmPassword) before money moves. */
export function PasswordPrompt({ onDone }: { onDone: (confirmed: boolean) => void }) {
  const trpc = useTRPC();
  const confirm = useMutation(trpc.auth.confirmPassword.mutationOptions());
  const dialog = useRef<HTMLDialogElement>(null);
  const [password, setPassword] = useState('');
  const id = useId();

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    confirm.mutate({ password }, { onSuccess: () => onDone(true) });
  };

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        onDone(false);
      }}
    >
      <form onSubmit={submit} className="stack">
        <h2 id={`${id}-title`}>Confirm your password</h2>
        <p>For your security, confirm your password to move money.</p>
        <label htmlFor={`${id}-pw`}>Password</label>
        <input
          id={`${id}-pw`}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {confirm.isError && (
          <ErrorAlert message={errorMessage(confirm.error, actionMessages.confirmPassword)} />
        )}
        <div className="row">
          <button type="submit" disabled={confirm.isPending || password === ''}>
            {confirm.isPending ? 'Checking…' : 'Confirm'}
          </button>
          <button type="button" className="secondary" onClick={() => onDone(false)}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
