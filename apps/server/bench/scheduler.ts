/**
 * `pnpm --filter @quickpay/server bench:scheduler`: the scheduled-payments pass.
 * 1. Throughput: 10,000 due runs (one per schedule) on a fresh SQLite file
 *    (synchronous=FULL), one runSchedulerPass in this process: runs posted per second.
 * 2. Interference: the real server under open-loop transfers at BENCH_RATE (default 100/s)
 *    for BENCH_SECONDS (default 10), first with no due runs, then right after 10,000 runs
 *    fell due with SCHEDULER_INTERVAL_MS=1000: p50/p99 of both, and how many runs the
 *    server's scheduler settled during the second window. Figures are printed, never asserted.
 * BENCH_SERVER_ARGS: extra node flags for that server (e.g. --cpu-prof --cpu-prof-dir=DIR).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultApiConfig, localDateString, runSchedulerPass } from '@quickpay/api';
import { minor, type Store, SYSTEM_ACCOUNT, type User, userAccount } from '@quickpay/db';
import { openSqliteStore } from '@quickpay/db/sqlite';
import { createOutboxSender } from '@quickpay/sms';
import { freePort } from '../harness/free-port.ts';
import { ServerProcess } from '../harness/server-process.ts';
import { openLoop } from './open-loop.ts';
import { fundedUsers, transferRequest } from './users.ts';

const RUNS = Number(process.env.BENCH_SCHEDULES ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 100);

/** RUNS schedules due today, spread over `owners`, each paying the next owner. */
async function seedSchedules(store: Store, owners: User[], tag: string): Promise<void> {
  const today = localDateString(Date.now(), 'UTC');
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
      startDate: today,
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
  const r = await runSchedulerPass(deps);
  const ms = performance.now() - started;
  const ok = (await store.verifyLedger()).ok;
  await store.close();
  console.log(
    `scheduler pass: ${r.paid} runs paid in ${(ms / 1000).toFixed(2)} s = ${Math.round((r.paid / ms) * 1000)} runs/s (ledger ok: ${ok})`,
  );
}

async function interference(dir: string): Promise<void> {
  const dataDir = join(dir, 'server');
  const env = {
    DATA_DIR: dataDir,
    NODE_ENV: 'production',
    JWT_SECRET: 'x'.repeat(40),
    LOG_LEVEL: 'warn',
  };
  const port = await freePort();
  let server = new ServerProcess(port, { ...env, SCHEDULER_INTERVAL_MS: '0' });
  await server.start();
  const users = await fundedUsers(server, 16);
  const load = () =>
    openLoop({
      url: `${server.url}/trpc/payments.transfer`,
      next: transferRequest(users),
      seconds: SECONDS,
      rate: RATE,
    });
  const quiet = await load();
  await server.stop();

  const store = openSqliteStore({ file: join(dataDir, 'quickpay.sqlite') });
  const owners: User[] = [];
  for (const u of users) {
    const found = await store.findUserByAccountNumber(u.accountNumber);
    if (found) owners.push(found);
  }
  await seedSchedules(store, owners, 'srv');
  await store.close();

  server = new ServerProcess(
    port,
    { ...env, SCHEDULER_INTERVAL_MS: '1000' },
    (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean),
  );
  await server.start();
  const busy = await load();
  await server.stop();
  const after = openSqliteStore({ file: join(dataDir, 'quickpay.sqlite') });
  const settled = (
    after.db.prepare('SELECT count(*) AS n FROM schedule_runs').get() as { n: number }
  ).n;
  await after.close();
  const line = (name: string, f: typeof quiet) =>
    `${name}: ${Math.round(f.rps)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms, errors ${f.errors}`;
  console.log(`transfers at ${RATE}/s, open loop, ${SECONDS} s each`);
  console.log(line('  no due runs'.padEnd(23), quiet));
  console.log(line(`  ${RUNS} runs due`.padEnd(23), busy));
  console.log(
    `  runs the server's scheduler settled by the end of that window (and its stop): ${settled}`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'qp-bench-sched-'));
try {
  await throughput(dir);
  await interference(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
