import autocannon from 'autocannon';

export interface LoadFigures {
  rps: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  /** Transport errors + timeouts + non-2xx answers. */
  errors: number;
  requests: number;
  ok: number;
  /** Answers by status code, to say what the errors were. */
  statuses: Record<string, number>;
  /** Server CPU time (user + system) per request over the phase, in µs: the per-request cost, less sensitive to a busy machine than req/s. */
  cpuUsPerReq?: number;
  /** Open loop only: the load generator's own event-loop delay, max ms (a late send is counted against the server). */
  clientLoopMaxMs?: number;
}

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  /** Called for each request; returns its JSON body and extra headers. */
  next?: () => { body?: string; headers?: Record<string, string> };
  connections?: number;
  seconds?: number;
  /** Fixed request rate (req/s over all connections); latencies then include queueing. */
  rate?: number;
}

/** One autocannon run in this process. */
export async function load(o: LoadOptions): Promise<LoadFigures> {
  const next = o.next;
  const result = await autocannon({
    url: o.url,
    method: o.method ?? 'POST',
    connections: o.connections ?? 64,
    duration: o.seconds ?? 10,
    headers: { 'content-type': 'application/json' },
    ...(o.rate ? { overallRate: o.rate } : {}),
    requests: [
      {
        // autocannon calls this before every request, so each gets a fresh body.
        setupRequest: (req) => {
          if (!next) return req;
          const r = next();
          return { ...req, body: r.body, headers: { ...req.headers, ...r.headers } };
        },
      },
    ],
  });
  const statuses: Record<string, number> = {};
  for (const [code, s] of Object.entries(result.statusCodeStats ?? {}))
    statuses[code] = (s as { count: number }).count;
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    p999: result.latency.p99_9,
    max: result.latency.max,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
    ok: result['2xx'],
    statuses,
  };
}
