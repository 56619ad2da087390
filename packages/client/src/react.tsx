import type { AppRouter } from '@quickpay/api';
import { QueryClient } from '@tanstack/react-query';
import { isTRPCClientError } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';

/**
 * React bindings: wrap the app in
 * `<QueryClientProvider client={queryClient}><TRPCProvider trpcClient={client} queryClient={queryClient}>`
 * and call `useQuery(useTRPC().account.dashboard.queryOptions())` in components.
 */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** A refusal (4xx: unauthorized, bad input, not found) will not change on retry. */
function isClientError(error: unknown): boolean {
  if (!isTRPCClientError(error)) return false;
  const data: unknown = error.data;
  const status =
    typeof data === 'object' && data !== null && 'httpStatus' in data ? data.httpStatus : undefined;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** One QueryClient per app: a short stale time avoids refetching on every mount. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        retry: (failures, error) => failures < 2 && !isClientError(error),
      },
      // Mutations move money: never retried blindly (idempotency keys make a manual retry safe).
      mutations: { retry: false },
    },
  });
}
