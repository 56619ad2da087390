import { useTRPCClient } from '@quickpay/client/react';
import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useNavigate } from 'react-router';
import { PasswordPrompt } from './components/PasswordPrompt.tsx';
import { apiError, isUnauthorized, UserFacingError } from './lib/errors.ts';
import { signedIn } from './lib/signed-in.ts';

/**
 * Session handling for httpOnly cookies: the app cannot read them, so "logged in"
 * means profile.get answers. An UNAUTHORIZED answer triggers one cookie-based
 * auth.refresh; if that fails too, the user goes to /login. REAUTH_REQUIRED
 * answers open a password prompt, then the same call is sent again.
 */
export interface Session {
  /** Runs a call, recovering from an expired access token and from REAUTH_REQUIRED. */
  recover<T>(call: () => Promise<T>): Promise<T>;
  /** After a successful log-in or sign-up: forget anything cached from before. */
  loggedIn(): void;
  logOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

export const SESSION_ENDED =
  'Your session ended: it was signed out on another device, your password was changed or ' +
  'reset, or it expired. Log in again to carry on where you were.';

// Refreshing again this soon after a successful refresh means the session itself is gone.
const REFRESH_LOOP_MS = 10_000;

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const inflight = useRef<Promise<boolean> | null>(null);
  const lastRefreshOk = useRef(0);
  const [prompt, setPrompt] = useState<((ok: boolean) => void) | null>(null);

  // A session that stops working while the app is open ended elsewhere (revoked, a
  // password change or reset, or it expired): say so, and come back here after log-in.
  const goToLogin = useCallback(() => {
    const wasSignedIn = signedIn.get();
    signedIn.set(false);
    queryClient.clear();
    const { pathname, search } = window.location;
    if (pathname === '/login') return; // already there, perhaps with a better reason (live)
    void navigate('/login', {
      replace: true,
      state: wasSignedIn
        ? {
            reason: SESSION_ENDED,
            from: pathname === '/login' ? undefined : `${pathname}${search}`,
          }
        : null,
    });
  }, [navigate, queryClient]);

  const refresh = useCallback((): Promise<boolean> => {
    if (inflight.current !== null) return inflight.current;
    if (Date.now() - lastRefreshOk.current < REFRESH_LOOP_MS) return Promise.resolve(false);
    const p = client.auth.refresh
      .mutate()
      .then(
        () => {
          lastRefreshOk.current = Date.now();
          return true;
        },
        () => false,
      )
      .finally(() => {
        inflight.current = null;
      });
    inflight.current = p;
    return p;
  }, [client]);

  // Any query that fails as logged out: refresh once, then refetch or leave.
  useEffect(
    () =>
      queryClient.getQueryCache().subscribe((event) => {
        if (event.type !== 'updated' || event.action.type !== 'error') return;
        if (!isUnauthorized(event.action.error)) return;
        void refresh().then((ok) => {
          if (ok) void queryClient.invalidateQueries();
          else goToLogin();
        });
      }),
    [queryClient, refresh, goToLogin],
  );

  const askPassword = useCallback(
    () => new Promise<boolean>((resolve) => setPrompt(() => resolve)),
    [],
  );

  const session = useMemo<Session>(
    () => ({
      async recover<T>(call: () => Promise<T>): Promise<T> {
        let refreshed = false;
        let reauthed = false;
        for (;;) {
          try {
            return await call();
          } catch (e) {
            const { domainCode } = apiError(e);
            if (domainCode === 'REAUTH_REQUIRED' && !reauthed) {
              reauthed = true;
              if (await askPassword()) continue;
              throw new UserFacingError(
                'Cancelled: your password was not confirmed, so nothing was done.',
              );
            }
            if (isUnauthorized(e) && !refreshed) {
              refreshed = true;
              if (await refresh()) continue;
              goToLogin();
            }
            throw e;
          }
        }
      },
      loggedIn() {
        signedIn.set(true);
        lastRefreshOk.current = 0;
        queryClient.clear();
      },
      async logOut() {
        try {
          await client.auth.logOut.mutate();
        } finally {
          signedIn.set(false);
          queryClient.clear();
          void navigate('/login', { replace: true });
        }
      },
    }),
    [askPassword, client, goToLogin, navigate, queryClient, refresh],
  );

  return (
    <SessionContext.Provider value={session}>
      {children}
      {prompt && (
        <PasswordPrompt
          onDone={(ok) => {
            setPrompt(null);
            prompt(ok);
          }}
        />
      )}
    </SessionContext.Provider>
  );
}
