/**
 * One tRPC call over HTTP as a signed-in browser makes it: queries by GET (?input=),
 * mutations by POST with a JSON body; the bearer token only when there is one.
 */
export function trpcFetch(
  f: typeof fetch,
  url: string,
  path: string,
  token: string,
  input?: unknown,
  method: 'GET' | 'POST' = 'POST',
): Promise<Response> {
  const qs =
    method === 'GET' && input !== undefined
      ? `?input=${encodeURIComponent(JSON.stringify(input))}`
      : '';
  return f(`${url}/trpc/${path}${qs}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
    },
    ...(method === 'POST' ? { body: JSON.stringify(input ?? {}) } : {}),
  });
}
