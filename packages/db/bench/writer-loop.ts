/**
 * The SQLite writer on or off the event loop (issue 14 step 1), in one process, for
 * SQLITE_WRITER=inline and =worker in turn on fresh files:
 *
 * - open loop (default): durable transfers at a fixed rate, sent on schedule and timed
 *   from the due time; prints the answer latency percentiles and the main thread's
 *   event-loop delay (the main thread does nothing else: its delay is the store's cost).
 * - closed loop (BENCH_MODE=closed): BENCH_CALLERS (default 64) callers, each sending its
 *   next transfer when the last one is answered, as the crash test's child does; prints
 *   transfers/s, commits and the average batch, the process's CPU per transfer (every
 *   thread), the main thread's event-loop utilisation, and writer messages per call.
 *
 *   pnpm --filter @quickpay/db exec tsx bench/writer-loop.ts
 *   BENCH_MODE=closed pnpm --filter @quickpay/db exec tsx bench/writer-loop.ts
 *
 * BENCH_RATE (default 500/s), BENCH_SECONDS (default 5), BENCH_ROUNDS (default 2),
 * BENCH_WARMUP (closed loop, default 2 s).
 * BENCH_BASELINE=<another checkout's packages/db> adds a "worker @ baseline" run per round
 * with that checkout's store (its own writer thread), to compare two protocols in one run.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { minor } from '@quickpay/db';
import {
  openSqliteStore,
  type SqliteStore,
  type SqliteWriter,
  type WorkerSqliteStore,
} from '@quickpay/db/sqlite';
import { type FundedAccount, fundedAccounts as fundedLedger } from './funded.ts';

const CLOSED = process.env.BENCH_MODE === 'closed';
const CALLERS = Number(process.env.BENCH_CALLERS ?? 64);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const ACCOUNTS = 16;
const BASELINE = process.env.BENCH_BASELINE;
type Open = typeof openSqliteStore;
const baselineOpen: Open | null = BASELINE
  ? ((await import(join(BASELINE, 'src/sqlite/index.ts'))) as { openSqliteStore: Open })
      .openSqliteStore
  : null;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
const ms = (n: number) => n.toFixed(1);

type Account = FundedAccount;
const fundedAccounts = (store: SqliteStore) => fundedLedger(store, ACCOUNTS, '97');

/** One transfer of 1 between two different random accounts. */
function transferBetween(store: SqliteStore, accounts: Account[]) {
  const pick = () => accounts[randomInt(ACCOUNTS)] as Account;
  const from = pick();
  let to = pick();
  while (to.id === from.id) to = pick();
  return store.postTransfer({
    kind: 'transfer',
    debit: from.account,
    credit: to.account,
    amount: minor(1),
    initiatorId: from.id,
    idempotencyKey: randomUUID(),
  });
}

/**
 * BENCH_CALLERS callers, each waiting for its answer before the next, for BENCH_WARMUP s
 * (default 2: a fresh writer thread's code is cold, the main thread's is not after the
 * first run) and then BENCH_SECONDS measured.
 */
async function closedLoop(store: SqliteStore, accounts: Account[]) {
  let measuring = false;
  let done = 0;
  let errors = 0;
  const caller = async (until: number) => {
    while (performance.now() < until) {
      await transferBetween(store, accounts).then(
        () => measuring && done++,
        () => measuring && errors++,
      );
    }
  };
  const callers = (seconds: number) => {
    const until = performance.now() + seconds * 1000;
    return Promise.all(Array.from({ length: CALLERS }, () => caller(until)));
  };
  await callers(WARMUP);
  measuring = true;
  const traffic = (store as Partial<WorkerSqliteStore>).writerTraffic;
  const before = { ...store.groupCommitStats, ...traffic };
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  const start = performance.now();
  await callers(SECONDS);
  const elapsed = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const s = store.groupCommitStats;
  const commits = s.commits - before.commits;
  const messages = traffic
    ? (traffic.posted + traffic.received - (before.posted ?? 0) - (before.received ?? 0)) /
      (traffic.calls - (before.calls ?? 0))
    : Number.NaN;
  return {
    rate: Math.round(done / elapsed),
    commits,
    avgBatch: (s.settled - before.settled) / commits,
    cpuPerTransfer: (used.user + used.system) / done,
    mainBusy: performance.eventLoopUtilization(elu).utilization,
    messages,
    errors,
  };
}

/** RATE transfers/s for SECONDS, each sent at its due time whatever happened to the others. */
async function openLoop(store: SqliteStore, accounts: Account[]) {
  const before = { ...store.groupCommitStats };
  const latencies: number[] = [];
  let errors = 0;
  const total = RATE * SECONDS;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const start = performance.now() + 20;
  let sent = 0;
  const inFlight: Promise<void>[] = [];
  loop.enable();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / RATE <= now) {
        const due = start + (sent * 1000) / RATE;
        sent++;
        inFlight.push(
          transferBetween(store, accounts).then(
            () => {
              latencies.push(performance.now() - due);
            },
            () => {
              errors++;
            },
          ),
        );
      }
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    setTimeout(tick, 20);
  });
  await Promise.all(inFlight);
  loop.disable();
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const s = store.groupCommitStats;
  return {
    achieved: Math.round(latencies.length / elapsed),
    p50: pct(latencies, 0.5),
    p99: pct(latencies, 0.99),
    p999: pct(latencies, 0.999),
    max: latencies.at(-1) ?? Number.NaN,
    loopP99: loop.percentile(99) / 1e6,
    loopMax: loop.max / 1e6,
    commits: s.commits - before.commits,
    largestBatch: s.largestBatch,
    errors,
  };
}

async function run(writer: SqliteWriter, open: Open = openSqliteStore): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'qp-writer-loop-'));
  const store = open({ file: join(dir, 'quickpay.sqlite'), writer });
  const label = open === openSqliteStore ? writer : `${writer} @ baseline`;
  try {
    const accounts = await fundedAccounts(store);
    if (CLOSED) {
      const r = await closedLoop(store, accounts);
      return `| ${label} | ${r.rate} | ${r.commits} | ${r.avgBatch.toFixed(1)} | ${Math.round(r.cpuPerTransfer)} | ${Math.round(r.mainBusy * 100)}% | ${Number.isNaN(r.messages) ? '–' : r.messages.toFixed(3)} | ${r.errors} |`;
    }
    const r = await openLoop(store, accounts);
    return `| ${label} | ${r.achieved} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.p999)} | ${ms(r.max)} | ${ms(r.loopP99)} / ${ms(r.loopMax)} | ${r.commits} (${r.largestBatch}) | ${r.errors} |`;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
if (CLOSED) {
  console.log(
    `writer on/off the event loop: ${CALLERS} callers, closed loop, ${SECONDS} s per run; load average ${load()}`,
  );
  console.log(
    '| writer | transfers/s | commits | avg batch | CPU µs/transfer (all threads) | main thread busy | writer messages per call | errors |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
} else {
  console.log(
    `writer on/off the event loop: ${RATE} durable transfers/s open loop for ${SECONDS} s; load average ${load()}`,
  );
  console.log(
    '| writer | achieved/s | p50 ms | p99 ms | p99.9 ms | max ms | loop delay p99 / max ms | commits (largest batch) | errors |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
}
for (let round = 0; round < ROUNDS; round++) {
  for (const writer of ['inline', 'worker'] as const) console.log(await run(writer));
  if (baselineOpen) console.log(await run('worker', baselineOpen));
}
console.log(`load average after: ${load()}`);
