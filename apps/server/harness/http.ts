/**
 * A deliberately plain tRPC-over-HTTP caller: the fault test must tell a definite
 * answer (the server decided) from an unknown one (network failure, crash), which
 * the typed client would blur.
 */
export type Outcome<T> =
  | { kind: 'ok'; data: T }
  | { kind: 'refused'; status: number; code: string; domainCode: string | null; message: string }
  | { kind: 'unknown'; reason: string };

interface TrpcErrorBody {
  error?: { message?: string; data?: { code?: string; domainCode?: string | null } };
  result?: { data?: unknown };
}

export async function call<T>(
  base: string,
  procedure: string,
  input: unknown,
  token: string | null,
  method: 'GET' | 'POST' = 'POST',
): Promise<Outcome<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  let url = `${base}/trpc/${procedure}`;
  if (method === 'GET' && input !== undefined)
    url += `?input=${encodeURIComponent(JSON.stringify(input))}`;
  let res: Response;
  let body: TrpcErrorBody;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: method === 'POST' ? JSON.stringify(input ?? null) : undefined,
      signal: AbortSignal.timeout(10_000),
    });
    body = (await res.json()) as TrpcErrorBody;
  } catch (e) {
    return { kind: 'unknown', reason: e instanceof Error ? e.message : String(e) };
  }
  if (res.ok) return { kind: 'ok', data: body.result?.data as T };
  // 5xx: the server may or may not have committed; treat as unknown and retry.
  if (res.status >= 500) return { kind: 'unknown', reason: `HTTP ${res.status}` };
  return {
    kind: 'refused',
    status: res.status,
    code: body.error?.data?.code ?? 'UNKNOWN',
    domainCode: body.error?.data?.domainCode ?? null,
    message: body.error?.message ?? '',
  };
}
