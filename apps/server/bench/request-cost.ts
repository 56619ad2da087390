/**
 * `pnpm --filter @quickpay/server exec tsx bench/request-cost.ts`: what one request costs
 * the server in its own code, without sockets or a load generator: the real app
 * (buildApp, default logger at LOG_LEVEL=info writing to a null stream) over in-memory
 * SQLite, called one request at a time with app.inject. For each kind of request it
 * prints the median wall and CPU time per request (µs; the CPU figure is the whole
 * process's, so it is less sensitive to a busy machine) and the median heap allocated per
 * request (KB: heap growth over a batch in which no GC ran; the process re-runs itself
 * with --expose-gc and a 128 MB young generation so most batches see none).
 * Knobs: COST_BATCH (requests per batch, default 200), COST_BATCHES (default 15).
 * Figures only; nothing is asserted.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { warmPasswordEstimator } from '@quickpay/api';
import { openSqliteStore } from '@quickpay/db/sqlite';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../src/app.ts';
import { createDeps } from '../src/deps.ts';
import { parseEnv } from '../src/env.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  const flags = ['--expose-gc', '--min-semi-space-size=128', '--max-semi-space-size=128'];
  const args = [...process.execArgv, ...flags, ...process.argv.slice(1)];
  process.exit(spawnSync(process.execPath, args, { stdio: 'inherit' }).status ?? 1);
}

const BATCH = Number(process.env.COST_BATCH ?? 200);
const BATCHES = Number(process.env.COST_BATCHES ?? 15);

/** Start times (performance.now()) of every GC, to tell which batches ran without one. */
const gcStarts: number[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcStarts.push(e.startTime);
}).observe({ entryTypes: ['gc'] });

type Request = () => InjectOptions;

async function signUp(app: FastifyInstance, i: number) {
  const res = await app.inject({
    method: 'POST',
    url: '/trpc/auth.signUp',
    payload: {
      fullName: `Cost User ${i}`,
      phone: `98765${43210 + i}`,
      password: 'Bench-pass-2026!',
    },
  });
  const out = res.json() as {
    result: { data: { accessToken: string; user: { accountNumber: number } } };
  };
  const { accessToken, user } = out.result.data;
  await app.inject({
    method: 'POST',
    url: '/trpc/payments.deposit',
    headers: { authorization: `Bearer ${accessToken}` },
    payload: { amount: 1_000_000_00, idempotencyKey: randomUUID() },
  });
  return { token: accessToken, accountNumber: user.accountNumber };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function measure(app: FastifyInstance, request: Request) {
  for (let i = 0; i < BATCH; i++) await app.inject(request()); // warm-up
  const times: number[] = [];
  const cpu: number[] = [];
  const bytes: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const requests = Array.from({ length: BATCH }, request);
    gc?.();
    const from = performance.now();
    const heapBefore = process.memoryUsage().heapUsed;
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    for (const r of requests) {
      const res = await app.inject(r);
      if (res.statusCode >= 400) throw new Error(`${res.statusCode} ${res.body}`);
    }
    times.push(Number(process.hrtime.bigint() - start) / 1000 / BATCH);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / BATCH);
    const grown = process.memoryUsage().heapUsed - heapBefore;
    const to = performance.now();
    // The observer reports later: wait for it, then look for a GC inside the batch.
    await new Promise((r) => setTimeout(r, 50));
    if (!gcStarts.some((t) => t >= from && t <= to)) bytes.push(grown / BATCH);
  }
  return {
    us: median(times),
    cpu: median(cpu),
    kb: bytes.length ? median(bytes) / 1024 : NaN,
    clean: bytes.length,
  };
}

const config = parseEnv(
  { NODE_ENV: 'production', LOG_LEVEL: 'info', JWT_SECRET: 'request-cost-bench-secret-'.repeat(2) },
  process.cwd(),
);
const store = openSqliteStore({ file: ':memory:', maxAmount: config.api.maxAmount });
const deps = await createDeps(config, () => {}, Date.now, { store });
const app = await buildApp({ config, deps, logStream: { write() {} } });
await app.ready();
await warmPasswordEstimator();
const [a, b] = [await signUp(app, 1), await signUp(app, 2)];
if (!a || !b) throw new Error('no users');
const bearer = { authorization: `Bearer ${a.token}` };

const kinds: [string, Request][] = [
  ['GET /healthz', () => ({ method: 'GET', url: '/healthz' })],
  ['profile.get (bearer)', () => ({ method: 'GET', url: '/trpc/profile.get', headers: bearer })],
  [
    'payments.transfer (bearer)',
    () => ({
      method: 'POST',
      url: '/trpc/payments.transfer',
      headers: bearer,
      payload: { toAccountNumber: b.accountNumber, amount: 1, idempotencyKey: randomUUID() },
    }),
  ],
];

console.log(`request cost — Node ${process.version}, ${BATCHES} batches of ${BATCH}, in-process`);
console.log('| request | wall µs/req | CPU µs/req | KB allocated/req | batches without GC |');
console.log('|---|---|---|---|---|');
for (const [name, request] of kinds) {
  const { us, cpu, kb, clean } = await measure(app, request);
  const row = [name, us.toFixed(0), cpu.toFixed(0), kb.toFixed(1), `${clean}/${BATCHES}`];
  console.log(`| ${row.join(' | ')} |`);
}
await app.close();
await store.close();
