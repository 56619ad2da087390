import { useTRPC } from '@quickpay/client/react';
import { useMutation } from '@tanstack/react-query';
import { Lock } from 'lucide-react';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { errorMessage } from '../lib/errors.ts';
import { idleMinutes } from '../lib/idle-lock.ts';
import { useSession } from '../session.tsx';
import { ErrorAlert } from './ui.tsx';

const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;

/**
 * Locks the signed-in app after the chosen idle time (Profile; 5 minutes unless
 * changed): a modal over the page until the password is given again, or log out.
 * The session itself stays; the lock is for a phone left on a table.
 */
export function IdleLock() {
  const trpc = useTRPC();
  const session = useSession();
  const [locked, setLocked] = useState(false);
  const [minutes, setMinutes] = useState(idleMinutes);
  const last = useRef(Date.now());
  const dialog = useRef<HTMLDialogElement>(null);
  const [password, setPassword] = useState('');
  const id = useId();
  const unlock = useMutation(
    trpc.auth.confirmPassword.mutationOptions({
      onSuccess: () => {
        setLocked(false);
        setPassword('');
        last.current = Date.now();
      },
    }),
  );

  useEffect(() => {
    const changed = () => setMinutes(idleMinutes());
    window.addEventListener('quickpay:idle-lock', changed);
    return () => window.removeEventListener('quickpay:idle-lock', changed);
  }, []);

  useEffect(() => {
    if (minutes === 0 || locked) return;
    const limit = minutes * 60_000;
    const touch = () => {
      last.current = Date.now();
    };
    // A timer checks the clock (a hidden tab's timers are slowed; the clock is not).
    const check = () => {
      if (Date.now() - last.current >= limit) setLocked(true);
    };
    for (const e of ACTIVITY) window.addEventListener(e, touch, { passive: true });
    document.addEventListener('visibilitychange', check);
    const timer = window.setInterval(check, 5_000);
    return () => {
      for (const e of ACTIVITY) window.removeEventListener(e, touch);
      document.removeEventListener('visibilitychange', check);
      window.clearInterval(timer);
    };
  }, [minutes, locked]);

  useEffect(() => {
    const d = dialog.current;
    if (locked && d && !d.open) d.showModal();
    if (!locked && d?.open) d.close();
  }, [locked]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    unlock.mutate({ password });
  };

  return (
    <dialog
      ref={dialog}
      className="dialog lock"
      aria-labelledby={`${id}-t`}
      onCancel={(e) => e.preventDefault()} // Escape does not unlock
    >
      {locked && (
        <form className="stack" onSubmit={submit}>
          <Lock aria-hidden="true" size={32} />
          <h2 id={`${id}-t`}>Quickpay is locked</h2>
          <p>
            Nothing happened here for {minutes} {minutes === 1 ? 'minute' : 'minutes'}, so we locked
            the app. Enter your password to carry on.
          </p>
          <label htmlFor={`${id}-pw`}>Password</label>
          <input
            id={`${id}-pw`}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {unlock.isError && (
            <ErrorAlert
              message={errorMessage(unlock.error, {
                INVALID_CREDENTIALS: 'That password is not right. Try again, or log out.',
              })}
            />
          )}
          <div className="row actions">
            <button type="submit" disabled={unlock.isPending}>
              Unlock
            </button>
            <button type="button" className="secondary" onClick={() => void session.logOut()}>
              Log out
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
