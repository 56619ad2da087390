// Preloaded into a measured server by the bench (`node --import <this file>`), plain JS
// so that it also loads into the bundle run without tsx. When BENCH_LOOP_PORT is set it
// samples the main thread's event-loop delay (monitorEventLoopDelay, 1 ms resolution:
// a stall of B ms is recorded as ~B ms) and GC pauses, and serves them on 127.0.0.1:
//   GET /reset  clears both and starts sampling (the start of a phase)
//   GET /read   {delay: {p50, p99, max, mean} ms, gc: {count, totalMs, maxMs, maxKind}};
//               stops sampling, so an idle reference server does not wake every 1 ms.
// The server is unref'd, so it never keeps the process alive or delays its shutdown.
import { createServer } from 'node:http';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

const port = Number(process.env.BENCH_LOOP_PORT);
// Worker threads inherit --import: only the main thread (the one answering HTTP) is measured.
if (isMainThread && port > 0) {
  const delay = monitorEventLoopDelay({ resolution: 1 });

  const kinds = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak-callbacks',
  };
  let gc = { count: 0, totalMs: 0, maxMs: 0, maxKind: '' };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.count++;
      gc.totalMs += e.duration;
      if (e.duration > gc.maxMs) {
        gc.maxMs = e.duration;
        gc.maxKind = kinds[e.detail?.kind] ?? String(e.detail?.kind);
      }
    }
  }).observe({ entryTypes: ['gc'] });

  const ms = (ns) => Math.round(ns / 1e4) / 100;
  const server = createServer((req, res) => {
    if (req.url === '/reset') {
      delay.enable();
      delay.reset();
      gc = { count: 0, totalMs: 0, maxMs: 0, maxKind: '' };
      res.end('{}');
      return;
    }
    const body = {
      delay: {
        p50: ms(delay.percentile(50)),
        p99: ms(delay.percentile(99)),
        max: ms(delay.max),
        mean: ms(delay.mean),
      },
      gc: { ...gc, totalMs: Math.round(gc.totalMs), maxMs: Math.round(gc.maxMs * 10) / 10 },
    };
    delay.disable();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  });
  server.listen(port, '127.0.0.1');
  server.unref();
}
