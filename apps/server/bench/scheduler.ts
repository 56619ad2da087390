/**
 * `pnpm --filter @quickpay/server bench:scheduler`: the scheduled-payments pass.
 * 1. Throughput: 10,000 due runs (one per schedule) on a fresh SQLite file
 *    (synchronous=FULL), scheduler passes in this process until none is due: runs/s.
 * 2. Interference: the real server under open-loop transfers at BENCH_RATE (default 100/s)
 *    for BENCH_SECONDS (default 10) after 3 s of warm-up, first with 10,000 schedules not
 *    yet due, then again right after they fell due (SCHEDULER_INTERVAL_MS=200): p50/p99/
 *    p99.9 of both, the server's loop delay and GC pauses, and how many runs its scheduler
 *    settled in the second window. Figures are printed, never asserted.
 * BENCH_SERVER_ARGS: extra node flags for that server (e.g. --cpu-prof --cpu-prof-dir=DIR).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultApiConfig, localDateString, runSchedulerPass } from '@quickpay/api';
import { addDays, minor, type Store, SYSTEM_ACCOUNT, type User, userAccount } from '@quickpay/db';
import { openSqliteStore } from '@quickpay/db/sqlite';
import { createOutboxSender } from '@quickpay/sms';
import { freePort } from '../harness/free-port.ts';
import { ServerProcess } from '../harness/server-process.ts';
import { loopMonitor } from './child-server.ts';
import type { LoadOptions } from './load.ts';
import { openLoop } from './open-loop.ts';
import { type PhaseFigures, phase } from './probe.ts';
import { fundedUsers, transferRequest } from './users.ts';

const RUNS = Number(process.env.BENCH_SCHEDULES ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const WARM_UP_SECONDS = 3;

const today = () => localDateString(Date.now(), 'UTC');

/** RUNS schedules from `startDate`, spread over `owners`, each paying the next owner. */
async function seedSchedules(
  store: Store,
  owners: User[],
  tag: string,
  startDate = today(),
): Promise<void> {
  for (let i = 0; i < RUNS; i++) {
    const from = owners[i % owners.length] as User;
    const to = owners[(i + 1) % owners.length] as User;
    await store.createSchedule({
      ownerId: from.id,
      kind: 'transfer',
      toAccount: userAccount(to.id),
      toAccountNumber: to.accountNumber,
      goalId: null,
      amount: minor(100 + (i % 50)),
      note: '',
      frequency: 'monthly',
      startDate,
      endDate: null,
      count: null,
      idempotencyKey: `bench-${tag}-${i}`,
    });
  }
}

async function throughput(dir: string): Promise<void> {
  const store = openSqliteStore({ file: join(dir, 'throughput.sqlite') });
  const owners: User[] = [];
  for (let i = 0; i < 100; i++) {
    const u = await store.createUser({
      fullName: `Owner ${i}`,
      phone: `+9190${String(i).padStart(8, '0')}`,
      passwordHash: 'h',
    });
    await store.postTransfer({
      kind: 'deposit',
      debit: SYSTEM_ACCOUNT,
      credit: userAccount(u.id),
      amount: minor(1_000_000_00),
      initiatorId: u.id,
      idempotencyKey: `fund-${i}`,
    });
    owners.push(u);
  }
  await seedSchedules(store, owners, 'tp');
  const deps = {
    store,
    sms: createOutboxSender(store, () => {}),
    config: defaultApiConfig({ jwtSecret: new TextEncoder().encode('b'.repeat(32)) }),
    now: Date.now,
  };
  const started = performance.now();
  // As the server's timer does: passes until nothing is due (a pass is bounded in batches).
  let paid = 0;
  for (let r = await runSchedulerPass(deps); r.paid > 0; r = await runSchedulerPass(deps)) {
    paid += r.paid;
  }
  const ms = performance.now() - started;
  const ok = (await store.verifyLedger()).ok;
  await store.close();
  console.log(
    `scheduler passes: ${paid} runs paid in ${(ms / 1000).toFixed(2)} s = ${Math.round((paid / ms) * 1000)} runs/s (ledger ok: ${ok})`,
  );
}

/** Opens the server's file beside it (WAL lets a second connection write briefly). */
const sideStore = (dataDir: string) =>
  openSqliteStore({ file: join(dataDir, 'quickpay.sqlite'), writer: 'inline' });

const countRuns = (dataDir: string): number => {
  const store = sideStore(dataDir);
  try {
    return (store.db.prepare('SELECT count(*) AS n FROM schedule_runs').get() as { n: number }).n;
  } finally {
    void store.close();
  }
};

/**
 * Both windows are measured on a server warmed by the same load (a freshly started
 * server's first requests are slower, and that is not the scheduler's doing). The
 * seeded schedules start tomorrow; when the warm-up ends they are moved to today: the
 * moment they fall due. (Seeded due today, the server's scheduler would pay some of them
 * while they are being seeded.)
 */
async function interference(dir: string): Promise<void> {
  const dataDir = join(dir, 'server');
  const port = await freePort();
  const loopPort = await freePort();
  const env = {
    DATA_DIR: dataDir,
    NODE_ENV: 'production',
    JWT_SECRET: 'x'.repeat(40),
    LOG_LEVEL: 'warn',
    SCHEDULER_INTERVAL_MS: '200',
    BENCH_LOOP_PORT: String(loopPort),
  };
  const args = [
    '--import',
    loopMonitor,
    ...(process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean),
  ];
  const server = new ServerProcess(port, env, args);
  const spawnedAt = performance.now();
  await server.start();
  const target = { pid: server.pid, loopPort, spawnedAt };
  const users = await fundedUsers(server, 16);
  const run = (seconds: number) => (o: LoadOptions) =>
    openLoop({ ...o, seconds, next: transferRequest(users), rate: RATE });
  const url = `${server.url}/trpc/payments.transfer`;
  const window = async (beforeMeasuring: () => Promise<void>) => {
    await run(WARM_UP_SECONDS)({ url });
    await beforeMeasuring();
    return phase(target, { url }, run(SECONDS));
  };
  try {
    // Seeded beside the running server, starting tomorrow: not due for its scheduler yet.
    const store = sideStore(dataDir);
    const owners: User[] = [];
    for (const u of users) {
      const found = await store.findUserByAccountNumber(u.accountNumber);
      if (found) owners.push(found);
    }
    await seedSchedules(store, owners, 'srv', addDays(today(), 1));
    await store.close();
    const quiet = await window(async () => undefined);
    let fellDue = 0;
    const busy = await window(async () => {
      const store = sideStore(dataDir);
      store.db
        .prepare('UPDATE schedules SET start_date = ?, next_run_date = ?')
        .run(today(), today());
      fellDue = performance.now();
      await store.close();
    });
    const inWindow = countRuns(dataDir);
    const windowSeconds = (performance.now() - fellDue) / 1000;
    const line = (name: string, f: PhaseFigures) =>
      `${name}: ${Math.round(f.rps)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms, errors ${f.errors}; ` +
      `server loop delay p99 ${f.loop?.delay.p99 ?? '?'} / max ${f.loop?.delay.max ?? '?'} ms, ` +
      `GC max ${f.loop?.gc.maxMs ?? '?'} ms (${f.loop?.gc.maxKind ?? '?'}, ${f.loop?.gc.count ?? '?'} pauses, ${f.loop?.gc.totalMs ?? '?'} ms), ` +
      `CPU ${f.cpuUsPerReq} µs/req, run-queue wait ${f.runQueueMsPerSec} ms/s, client loop max ${f.clientLoopMaxMs} ms, p99.9 ${f.p999} ms`;
    console.log(
      `transfers at ${RATE}/s, open loop, ${SECONDS} s each after ${WARM_UP_SECONDS} s of warm-up`,
    );
    console.log(line('  no due runs'.padEnd(23), quiet));
    console.log(line(`  ${RUNS} runs due`.padEnd(23), busy));
    console.log(
      `  runs the server's scheduler settled in that window: ${inWindow} in ${windowSeconds.toFixed(1)} s`,
    );
  } finally {
    await server.stop();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'qp-bench-sched-'));
try {
  await throughput(dir);
  await interference(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
