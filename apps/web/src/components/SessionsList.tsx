import { useTRPC } from '@quickpay/client/react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Laptop, Smartphone, Tablet } from 'lucide-react';
import { useState } from 'react';
import { errorMessage } from '../lib/errors.ts';
import { IDLE_CHOICES, idleMinutes, setIdleMinutes } from '../lib/idle-lock.ts';
import { ErrorAlert, formatDate, Notice, QueryState } from './ui.tsx';

const ICONS = { mobile: Smartphone, tablet: Tablet } as const;

/** Where this account is logged in, this device first; others can be ended, one or all. */
export function SessionsList() {
  const trpc = useTRPC();
  const sessions = useQuery(trpc.auth.sessions.queryOptions());
  const [confirming, setConfirming] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const revoke = useMutation(
    trpc.auth.revokeSession.mutationOptions({
      onSuccess: async () => {
        setConfirming(null);
        setDone('That session has ended.');
        await sessions.refetch();
      },
    }),
  );
  const revokeOthers = useMutation(
    trpc.auth.revokeOtherSessions.mutationOptions({
      onSuccess: async ({ revoked }) => {
        setConfirming(null);
        setDone(`Logged out of ${revoked} other ${revoked === 1 ? 'device' : 'devices'}.`);
        await sessions.refetch();
      },
    }),
  );
  const list = [...(sessions.data ?? [])].sort((a, b) => Number(b.current) - Number(a.current));
  const others = list.filter((s) => !s.current).length;

  return (
    <section className="card stack" aria-labelledby="sessions-h">
      <h2 id="sessions-h">Where you are logged in</h2>
      <QueryState query={sessions} what="your sessions">
        {() => (
          <ul className="plain">
            {list.map((s) => {
              const Icon = ICONS[s.device.type as keyof typeof ICONS] ?? Laptop;
              return (
                <li key={s.id} className="stack" aria-label={s.device.label}>
                  <div className="row">
                    <Icon aria-hidden="true" className="device-icon" />
                    <span className="activity-text">
                      <span>
                        {s.device.label}
                        {s.current && <strong> · this device</strong>}
                      </span>
                      <span className="muted">
                        Last active {formatDate(s.lastUsedAt)} · since {formatDate(s.createdAt)}
                        {s.ip ? ` · ${s.ip}` : ''}
                      </span>
                    </span>
                    {!s.current && confirming !== s.id && (
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => setConfirming(s.id)}
                      >
                        End session
                      </button>
                    )}
                  </div>
                  {confirming === s.id && (
                    <div className="row confirm">
                      <span>
                        End the session on {s.device.label}? It will be logged out at once.
                      </span>
                      <button
                        type="button"
                        className="danger"
                        disabled={revoke.isPending}
                        onClick={() => revoke.mutate({ sessionId: s.id })}
                      >
                        Yes, end it
                      </button>
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => setConfirming(null)}
                      >
                        Keep it
                      </button>
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </QueryState>
      {others > 0 &&
        (confirming === 'all' ? (
          <div className="row confirm">
            <span>Log out of all {others} other devices? This one stays logged in.</span>
            <button
              type="button"
              className="danger"
              disabled={revokeOthers.isPending}
              onClick={() => revokeOthers.mutate()}
            >
              Yes, log them out
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        ) : (
          <div>
            <button type="button" className="secondary" onClick={() => setConfirming('all')}>
              Log out all other devices
            </button>
          </div>
        ))}
      {done && <Notice>{done}</Notice>}
      {revoke.isError && <ErrorAlert message={errorMessage(revoke.error)} />}
      {revokeOthers.isError && <ErrorAlert message={errorMessage(revokeOthers.error)} />}
      <IdleSetting />
    </section>
  );
}

function IdleSetting() {
  const [value, setValue] = useState(idleMinutes);
  return (
    <div className="field">
      <label htmlFor="idle-lock">Lock the app when unused for</label>
      <select
        id="idle-lock"
        value={value}
        onChange={(e) => {
          const v = Number(e.target.value);
          setValue(v);
          setIdleMinutes(v);
        }}
      >
        {IDLE_CHOICES.map((m) => (
          <option key={m} value={m}>
            {m === 0 ? 'Never' : `${m} ${m === 1 ? 'minute' : 'minutes'}`}
          </option>
        ))}
      </select>
    </div>
  );
}
