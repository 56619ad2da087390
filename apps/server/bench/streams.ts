/**
 * Open event streams held by the server (events.subscribe over SSE): N idle streams (of
 * a few users who do nothing), one more stream per paying user, the server's RSS before
 * and while holding them, and the transfer latency (closed loop) while every transfer
 * fans out to the streams of its two users. Part of `pnpm bench` (run.ts); alone: `pnpm --filter @quickpay/server
 * bench:streams` (BENCH_STREAMS, default 1000; BENCH_SECONDS; BENCH_USERS; BENCH_SERVER_ARGS).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from '../harness/free-port.ts';
import { ServerProcess } from '../harness/server-process.ts';
import { openEvents, type SseStream } from '../harness/sse.ts';
import { load } from './load.ts';
import { rssMb } from './probe.ts';
import { type BenchUser, fundedUsers, transferRequest } from './users.ts';

export interface StreamFigures {
  streams: number;
  rssBeforeMb: number;
  rssHoldingMb: number;
  /** (rssHolding - rssBefore) / streams, in KB. */
  kbPerStream: number;
  transfersPerSec: number;
  transferP50Ms: number;
  transferP99Ms: number;
  errors: number;
  /** Answers by status code (what the errors were). */
  statuses: Record<string, number>;
  /** Events the streams received during the load (each transfer tells two users). */
  eventsDelivered: number;
}

export async function streamsPhase(
  server: ServerProcess,
  users: BenchUser[],
  opts: { streams: number; seconds: number },
): Promise<StreamFigures> {
  const rssBeforeMb = rssMb(server.pid);
  const streams: SseStream[] = [];
  const idle = await fundedUsers(server, 4, 1_000);
  // Every paying user listens once; the rest are idle streams of users who do nothing.
  const holders = [...users, ...Array.from({ length: opts.streams }, (_, i) => idle[i % 4])];
  try {
    // Opened a few dozen at a time: each one authenticates (a token check, two reads).
    for (let i = 0; i < holders.length; i += 50) {
      const batch = holders
        .slice(i, i + 50)
        .map((u) => openEvents(server.url, { token: u?.token ?? '' }));
      const opened = await Promise.all(batch);
      streams.push(...opened);
      await Promise.all(opened.map((s) => s.waitFor((f) => f.event === 'connected', 60_000)));
    }
    await new Promise((r) => setTimeout(r, 1_000)); // let allocation settle
    const rssHoldingMb = rssMb(server.pid);
    const run = await load({
      url: `${server.url}/trpc/payments.transfer`,
      seconds: opts.seconds,
      next: transferRequest(users),
    });
    await new Promise((r) => setTimeout(r, 1_000)); // the last events in flight
    const eventsDelivered = streams.reduce((n, s) => n + s.events().length, 0);
    return {
      streams: streams.length,
      rssBeforeMb,
      rssHoldingMb,
      kbPerStream: Math.round(((rssHoldingMb - rssBeforeMb) * 1024) / streams.length),
      transfersPerSec: run.rps,
      transferP50Ms: run.p50,
      transferP99Ms: run.p99,
      errors: run.errors,
      statuses: run.statuses,
      eventsDelivered,
    };
  } finally {
    for (const s of streams) s.close();
  }
}

export function printStreams(f: StreamFigures): void {
  console.log(
    `\nEvent streams: ${f.streams} open; server RSS ${f.rssBeforeMb} MB before, ` +
      `${f.rssHoldingMb} MB holding them (~${f.kbPerStream} KB each); transfers while events ` +
      `fan out: ${f.transfersPerSec}/s, p50 ${f.transferP50Ms} ms, p99 ${f.transferP99Ms} ms, ` +
      `${f.errors} errors (statuses ${JSON.stringify(f.statuses)}); ${f.eventsDelivered} events delivered to the streams`,
  );
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'quickpay-bench-streams-'));
  const server = new ServerProcess(
    await freePort(),
    {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      RATE_SIGNUPS_PER_IP: '100000',
      ...(process.env.EVENTS_SESSION_CHECK_MS
        ? { EVENTS_SESSION_CHECK_MS: process.env.EVENTS_SESSION_CHECK_MS }
        : {}),
    },
    (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean),
  );
  try {
    await server.start();
    const users = await fundedUsers(server, Number(process.env.BENCH_USERS ?? 64));
    printStreams(
      await streamsPhase(server, users, {
        streams: Number(process.env.BENCH_STREAMS ?? 1000),
        seconds: Number(process.env.BENCH_SECONDS ?? 10),
      }),
    );
  } finally {
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
