import type { useTRPC } from '@quickpay/client/react';
import type { QueryClient } from '@tanstack/react-query';

type Trpc = ReturnType<typeof useTRPC>;

/**
 * Starts the first queries of the signed-in page at `pathname`. The layout waits for
 * profile.get before drawing the page, so without this the page's own data would be
 * asked for only after the profile answered (two round trips in a row). Started in the
 * same tick as profile.get they go out in one tRPC batch; the page then finds them in
 * the cache (or in flight). Queries that depend on the page's own inputs are left to it.
 */
export function prefetchPage(trpc: Trpc, queryClient: QueryClient, pathname: string): void {
  const page = pathname.split('/')[1] || 'dashboard'; // / leads to the dashboard
  if (page === 'dashboard' || page === 'scheduled')
    void queryClient.prefetchQuery(trpc.account.dashboard.queryOptions());
  if (page === 'scheduled') void queryClient.prefetchQuery(trpc.schedules.list.queryOptions());
  if (page === 'pay') void queryClient.prefetchQuery(trpc.account.summary.queryOptions());
  if (page === 'pay' || page === 'contacts')
    void queryClient.prefetchQuery(trpc.contacts.list.queryOptions());
}
