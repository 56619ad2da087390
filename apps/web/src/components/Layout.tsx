import { useTRPC } from '@quickpay/client/react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Ellipsis, LogOut } from 'lucide-react';
import { Suspense, useEffect, useState } from 'react';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { isUnauthorized } from '../lib/errors.ts';
import { prefetchPage } from '../lib/prefetch-page.ts';
import { signedIn } from '../lib/signed-in.ts';
import { LiveUpdates } from '../live/LiveUpdates.tsx';
import { preloadPage, TABS, tabOf } from '../nav.tsx';
import { useSession } from '../session.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { IdleLock } from './IdleLock.tsx';
import { Sheet } from './Sheet.tsx';
import { Loading, QueryState } from './ui.tsx';

/**
 * The signed-in shell: a header with every tab on a wide screen; on a phone a one-row
 * header and a bottom tab bar (TABS marked `bar`, the rest under "More"). Sends
 * strangers to /login, remembering where they were going.
 */
export function Layout() {
  const trpc = useTRPC();
  const session = useSession();
  const location = useLocation();
  const known = signedIn.get();
  const queryClient = useQueryClient();
  const profile = useQuery({ ...trpc.profile.get.queryOptions(), enabled: known });
  const [more, setMore] = useState(false);
  const page = tabOf(location.pathname)?.label;

  // The page's code and data are fetched with profile.get (one batch), not after it answers.
  useEffect(() => {
    if (!known) return;
    preloadPage(location.pathname);
    prefetchPage(trpc, queryClient, location.pathname);
  }, [known, trpc, queryClient, location.pathname]);

  // A new page: say so in the title, and move focus to it so screen readers start there.
  useEffect(() => {
    document.title = page ? `${page} · Quickpay` : 'Quickpay';
    document.getElementById('main')?.focus({ preventScroll: true });
    setMore(false);
  }, [page]);

  if (!known) {
    const from = `${location.pathname}${location.search}`;
    return <Navigate to="/login" replace state={{ from }} />;
  }

  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Quickpay</span>
        <nav aria-label="Main" className="tabs">
          <ul>
            {TABS.map(({ to, label, icon: Icon, bar }) => (
              <li key={to} className={bar ? 'on-bar' : 'off-bar'}>
                <NavLink to={to}>
                  <Icon aria-hidden="true" className="tab-icon" />
                  <span>{label}</span>
                </NavLink>
              </li>
            ))}
            <li className="more-tab">
              <button
                type="button"
                aria-haspopup="dialog"
                aria-expanded={more}
                onClick={() => setMore(true)}
              >
                <Ellipsis aria-hidden="true" className="tab-icon" />
                <span>More</span>
              </button>
            </li>
          </ul>
        </nav>
        <div className="who">
          {profile.data && (
            <span>
              <span className="who-name">{profile.data.fullName} · </span>
              <span className="muted">A/c {profile.data.accountNumber}</span>
            </span>
          )}
          <button type="button" className="secondary log-out" onClick={() => void session.logOut()}>
            Log out
          </button>
        </div>
      </header>
      <Sheet title="More" open={more} onClose={() => setMore(false)}>
        <nav aria-label="More">
          <ul className="plain sheet-links">
            {TABS.filter((t) => !t.bar).map(({ to, label, icon: Icon }) => (
              <li key={to}>
                <NavLink to={to}>
                  <Icon aria-hidden="true" />
                  {label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" className="secondary" onClick={() => void session.logOut()}>
          <LogOut aria-hidden="true" /> Log out
        </button>
      </Sheet>
      <IdleLock />
      <main id="main" tabIndex={-1}>
        {profile.isError && isUnauthorized(profile.error) ? (
          <Loading what="your session" />
        ) : (
          <QueryState query={profile} what="your profile">
            {() => (
              <>
                {/* A page that breaks shows a friendly page, not a blank screen; another tab tries again. */}
                <ErrorBoundary key={tabOf(location.pathname)?.to ?? location.pathname}>
                  <Suspense fallback={<Loading what="the page" />}>
                    <Outlet />
                  </Suspense>
                </ErrorBoundary>
                <LiveUpdates />
              </>
            )}
          </QueryState>
        )}
      </main>
    </div>
  );
}
