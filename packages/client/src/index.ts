import type { AppRouter } from '@quickpay/api';
import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

export type { AppRouter };
/** Input of every procedure, e.g. `RouterInputs['payments']['transfer']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Output of every procedure, e.g. `RouterOutputs['account']['dashboard']`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type QuickpayClient = TRPCClient<AppRouter>;
export { isTRPCClientError, TRPCClientError } from '@trpc/client';

export interface QuickpayClientOptions {
  /**
   * The server's base URL (`http://127.0.0.1:5000`) or its tRPC endpoint
   * (`http://127.0.0.1:5000/trpc`); both work. `''` or `/` means the page's own origin.
   */
  url: string;
  /** An access token for `Authorization: Bearer`; browsers can rely on cookies instead. */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  /** A fetch implementation (tests: a cookie jar around fetch). Cookies are always included. */
  fetch?: typeof fetch;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
}

/** Normalises a base or /trpc URL to the tRPC endpoint. */
export function trpcUrl(url: string): string {
  const base = url.replace(/\/+$/, '');
  return base.endsWith('/trpc') ? base : `${base}/trpc`;
}

/** A typed client for the Quickpay API: outputs and inputs are inferred from the router. */
export function createQuickpayClient(options: QuickpayClientOptions): QuickpayClient {
  const baseFetch = options.fetch ?? globalThis.fetch;
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: trpcUrl(options.url),
        // The server refuses batches over 20 calls (bounded work per request).
        maxItems: 20,
        fetch: (input, init) => baseFetch(input, { ...init, credentials: 'include' }),
        headers: async () => {
          const token = await options.getToken?.();
          return { ...options.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
        },
      }),
    ],
  });
}
