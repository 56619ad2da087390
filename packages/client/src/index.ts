import type { AppRouter } from '@quickpay/api';
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClient,
} from '@trpc/client';
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
  /**
   * For `events.subscribe` outside a browser: an EventSource class (e.g. the `eventsource`
   * package, which can send a bearer). Browsers use their own, with cookies.
   */
  EventSource?: typeof globalThis.EventSource;
}

/** Normalises a base or /trpc URL to the tRPC endpoint. */
export function trpcUrl(url: string): string {
  const base = url.replace(/\/+$/, '');
  return base.endsWith('/trpc') ? base : `${base}/trpc`;
}

/** A typed client for the Quickpay API: outputs and inputs are inferred from the router. */
export function createQuickpayClient(options: QuickpayClientOptions): QuickpayClient {
  const baseFetch = options.fetch ?? globalThis.fetch;
  const batch = httpBatchLink({
    url: trpcUrl(options.url),
    // The server refuses batches over 20 calls (bounded work per request).
    maxItems: 20,
    fetch: (input, init) => baseFetch(input, { ...init, credentials: 'include' }),
    headers: async () => {
      const token = await options.getToken?.();
      return { ...options.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
    },
  });
  // Subscriptions (events.subscribe) go over server-sent events; the page's cookies ride along.
  const sse = httpSubscriptionLink({
    url: trpcUrl(options.url),
    eventSourceOptions: () => ({ withCredentials: true }),
    ...(options.EventSource ? { EventSource: options.EventSource } : {}),
  });
  return createTRPCClient<AppRouter>({
    links: [splitLink({ condition: (op) => op.type === 'subscription', true: sse, false: batch })],
  });
}
