import { describe, expect, it } from 'vitest';
import { createQuickpayClient, trpcUrl } from './index.ts';

/** A fetch that records what the client sent and answers like the tRPC batch endpoint. */
function recordingFetch() {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    calls.push({ url: String(input), init });
    const body = JSON.stringify([{ result: { data: { balance: 0 } } }]);
    return new Response(body, { headers: { 'content-type': 'application/json' } });
  };
  return { fetch, calls };
}

describe('trpcUrl', () => {
  it('accepts the server base URL or its /trpc endpoint, with or without a slash', () => {
    for (const url of [
      'http://h:5000',
      'http://h:5000/',
      'http://h:5000/trpc',
      'http://h:5000/trpc/',
    ]) {
      expect(trpcUrl(url)).toBe('http://h:5000/trpc');
    }
    expect(trpcUrl('')).toBe('/trpc');
  });
});

describe('createQuickpayClient', () => {
  it('sends the token as a bearer header and always includes cookies', async () => {
    const { fetch, calls } = recordingFetch();
    const client = createQuickpayClient({ url: 'http://h:5000', fetch, getToken: () => 'tok-1' });
    await client.payments.deposit.mutate({ amount: 100, idempotencyKey: 'key-12345678' });
    expect(calls).toHaveLength(1);
    const call = calls[0];
    expect(call?.url).toMatch(/^http:\/\/h:5000\/trpc\/payments\.deposit\?batch=1/);
    expect(call?.init?.credentials).toBe('include');
    expect(new Headers(call?.init?.headers).get('authorization')).toBe('Bearer tok-1');
  });

  it('sends no Authorization header without a token (cookies only)', async () => {
    const { fetch, calls } = recordingFetch();
    const client = createQuickpayClient({
      url: 'http://h:5000',
      fetch,
      getToken: async () => null,
    });
    await client.payments.deposit.mutate({ amount: 100, idempotencyKey: 'key-12345678' });
    expect(new Headers(calls[0]?.init?.headers).has('authorization')).toBe(false);
  });
});
