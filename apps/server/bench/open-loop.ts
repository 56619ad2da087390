import { Agent, type ClientRequest, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadFigures, LoadOptions } from './load.ts';

/**
 * A fixed-rate, open-loop load (as wrk2 does it): request i is due at start + i/rate
 * whatever happened to earlier ones, and its latency is measured from that due time,
 * so queueing anywhere (server, sockets, this client) counts and nothing is omitted.
 * autocannon's -R is not this: each connection spends its per-second budget in a
 * burst, and its coordinated-omission correction uses a 1 ms interval, so every
 * L-ms answer also records L synthetic samples (see docs/performance.md).
 */
const DRAIN_MS = 10_000;

export async function openLoop(o: LoadOptions & { rate: number }): Promise<LoadFigures> {
  const url = new URL(o.url);
  const agent = new Agent({ keepAlive: true, maxSockets: o.connections ?? 256 });
  const total = Math.round(o.rate * (o.seconds ?? 10));
  const interval = 1000 / o.rate;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let ok = 0;
  let answered = 0;
  const pending = new Set<Promise<void>>();
  const live = new Set<ClientRequest>();

  const fire = (due: number) => {
    const r = o.next?.() ?? {};
    let sent: ClientRequest | undefined;
    const p = new Promise<void>((resolve) => {
      const req = request(
        url,
        {
          agent,
          method: o.method ?? 'POST',
          headers: { 'content-type': 'application/json', ...r.headers },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - due);
            answered++;
            const code = String(res.statusCode);
            statuses[code] = (statuses[code] ?? 0) + 1;
            if (code.startsWith('2')) ok++;
            else errors++;
            resolve();
          });
        },
      );
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        // A failure's wait counts too (a lower bound), or overload would flatter the tail.
        latencies.push(performance.now() - due);
        errors++;
        resolve();
      });
      req.end(r.body);
      live.add(req);
      sent = req;
    });
    pending.add(p);
    void p.then(() => {
      pending.delete(p);
      if (sent) live.delete(sent);
    });
  };

  // This process's own stalls delay sends and reads; they are counted, and reported.
  const clientLoop = monitorEventLoopDelay({ resolution: 1 });
  clientLoop.enable();
  const start = performance.now();
  for (let i = 0; i < total; ) {
    const now = performance.now();
    // Fire everything that is due; then sleep until the next one (timers are ~1 ms coarse).
    while (i < total && start + i * interval <= now) fire(start + i++ * interval);
    if (i < total) await sleep(Math.max(0, start + i * interval - performance.now()));
  }
  // Bounded: an overloaded server would otherwise keep a phase going for total/its rate
  // seconds. What is not answered within DRAIN_MS of the last send counts as an error.
  await Promise.race([Promise.all(pending), sleep(DRAIN_MS)]);
  for (const req of live) req.destroy(new Error('not answered in time'));
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  clientLoop.disable();
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return {
    // Answers per second (any status); timeouts and transport failures are not answers.
    rps: Math.round(answered / elapsed),
    p50: at(0.5),
    p99: at(0.99),
    p999: at(0.999),
    max: Math.round(latencies[latencies.length - 1] ?? 0),
    errors,
    requests: ok + errors,
    ok,
    statuses,
    clientLoopMaxMs: Math.round(clientLoop.max / 1e6),
  };
}
