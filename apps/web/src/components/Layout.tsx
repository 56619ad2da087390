import { useTRPC } from '@quickpay/client/react';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { isUnauthorized } from '../lib/errors.ts';
import { signedIn } from '../lib/signed-in.ts';
import { LiveUpdates } from '../live/LiveUpdates.tsx';
import { useSession } from '../session.tsx';
import { Loading, QueryState } from './ui.tsx';

const LINKS = [
  ['/dashboard', 'Dashboard'],
  ['/pay', 'Pay'],
  ['/history', 'History'],
  ['/goals', 'Goals'],
  ['/contacts', 'Contacts'],
  ['/requests', 'Requests'],
  ['/profile', 'Profile'],
] as const;

/** The signed-in shell: header, navigation, and the page. Sends strangers to /login. */
export function Layout() {
  const trpc = useTRPC();
  const session = useSession();
  const location = useLocation();
  const known = signedIn.get();
  const profile = useQuery({ ...trpc.profile.get.queryOptions(), enabled: known });
  const page = LINKS.find(([to]) => to === location.pathname)?.[1];

  // A new page: say so in the title, and move focus to it so screen readers start there.
  useEffect(() => {
    document.title = page ? `${page} · Quickpay` : 'Quickpay';
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [page]);

  if (!known) return <Navigate to="/login" replace state={{ from: location.pathname }} />;

  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Quickpay</span>
        <nav aria-label="Main">
          <ul>
            {LINKS.map(([to, label]) => (
              <li key={to}>
                <NavLink to={to}>{label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          {profile.data && (
            <span>
              {profile.data.fullName} ·{' '}
              <span className="muted">A/c {profile.data.accountNumber}</span>
            </span>
          )}
          <button type="button" className="secondary" onClick={() => void session.logOut()}>
            Log out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {profile.isError && isUnauthorized(profile.error) ? (
          <Loading what="your session" />
        ) : (
          <QueryState query={profile} what="your profile">
            {() => (
              <>
                <Outlet />
                <LiveUpdates />
              </>
            )}
          </QueryState>
        )}
      </main>
    </div>
  );
}
