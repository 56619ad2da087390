import { useTRPC } from '@quickpay/client/react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { errorMessage } from '../lib/errors.ts';
import { ErrorAlert, formatDate, QueryState } from './ui.tsx';

/** Where this account is logged in; any session but this one can be ended. */
export function SessionsList() {
  const trpc = useTRPC();
  const sessions = useQuery(trpc.auth.sessions.queryOptions());
  const revoke = useMutation(
    trpc.auth.revokeSession.mutationOptions({ onSuccess: () => sessions.refetch() }),
  );

  return (
    <section className="card stack" aria-labelledby="sessions-h">
      <h2 id="sessions-h">Where you are logged in</h2>
      <QueryState query={sessions} what="your sessions">
        {() => (
          <ul className="plain">
            {sessions.data?.map((s) => (
              <li key={s.id} className="row">
                <span className="activity-text">
                  <span>
                    {s.userAgent || 'Unknown device'}
                    {s.current && <strong> (this device)</strong>}
                  </span>
                  <span className="muted">
                    Since {formatDate(s.createdAt)}
                    {s.ip ? ` · ${s.ip}` : ''}
                  </span>
                </span>
                {!s.current && (
                  <button
                    type="button"
                    className="secondary"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate({ sessionId: s.id })}
                  >
                    End session
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </QueryState>
      {revoke.isError && <ErrorAlert message={errorMessage(revoke.error)} />}
    </section>
  );
}
