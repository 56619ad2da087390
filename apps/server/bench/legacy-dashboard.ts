/**
 * `pnpm --filter @quickpay/server exec tsx bench/legacy-dashboard.ts`: the old clients'
 * two history pages (/api/dashboard-data, /api/transactions-data) for one user with
 * BENCH_TX (default 500) history lines, against the real server as `pnpm start` runs it.
 * Prints req/s, latency, server CPU per request and the answer's size, beside the old
 * Flask app's 67 req/s for the dashboard at 500 transactions. Figures only, no asserts.
 * Knobs: BENCH_SECONDS (per page, default 10), BENCH_CONNECTIONS (default 16),
 * BENCH_CPU_PROF=<dir> (profile the server), QUICKPAY_NO_BUNDLE=1 (run the sources with tsx).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minor, SYSTEM_ACCOUNT, userAccount } from '@quickpay/db';
import { openSqliteStoreInDir } from '@quickpay/db/sqlite';
import { freePort } from '../harness/free-port.ts';
import { ServerProcess, startFlags } from '../harness/server-process.ts';
import { load } from './load.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const TX = Number(process.env.BENCH_TX ?? 500);
const FLASK_RPS = 67;
const PASSWORD = 'Bench-pass-2026!';

function cpuSeconds(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, USER_HZ 100
}

function buildServer(): string {
  const flags = startFlags().join(' ');
  if (process.env.QUICKPAY_NO_BUNDLE === '1') return `sources via tsx ${flags}`;
  const script = fileURLToPath(new URL('../scripts/build.mjs', import.meta.url));
  execFileSync(process.execPath, [script], { stdio: ['ignore', 'ignore', 'inherit'] });
  return `esbuild bundle (dist/server.mjs) ${flags}`;
}

async function legacyPost(url: string, path: string, body: unknown) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return { body: (await res.json()) as Record<string, unknown>, cookie };
}

const signUp = async (url: string, username: string, phoneNumber: string) =>
  Number(
    (
      await legacyPost(url, '/api/signup', {
        username,
        password: PASSWORD,
        age: 30,
        gender: 'Female',
        phoneNumber,
      })
    ).body.user_id,
  );

/** Deposits, withdrawals and transfers both ways, straight into the stopped server's store. */
async function seed(dataDir: string, a: number, b: number): Promise<void> {
  const store = openSqliteStoreInDir(dataDir);
  try {
    const ua = await store.findUserByAccountNumber(a);
    const ub = await store.findUserByAccountNumber(b);
    if (!ua || !ub) throw new Error('seed users missing');
    const A = userAccount(ua.id);
    const B = userAccount(ub.id);
    await store.postTransfer({
      kind: 'deposit',
      debit: SYSTEM_ACCOUNT,
      credit: B,
      amount: minor(10_000_000),
      initiatorId: ub.id,
      idempotencyKey: 'seed-b',
    });
    for (let i = 0; i < TX; i++) {
      const [kind, debit, credit, who] =
        i % 4 === 0 || i < 2
          ? (['deposit', SYSTEM_ACCOUNT, A, ua] as const)
          : i % 4 === 1
            ? (['withdrawal', A, SYSTEM_ACCOUNT, ua] as const)
            : i % 4 === 2
              ? (['transfer', A, B, ua] as const)
              : (['transfer', B, A, ub] as const);
      await store.postTransfer({
        kind,
        debit,
        credit,
        amount: minor(kind === 'deposit' ? 10_000 : 1_00),
        initiatorId: who.id,
        idempotencyKey: `seed-${i}`,
        note: `bench line ${i}`,
      });
    }
  } finally {
    await store.close();
  }
}

async function main() {
  const serverRuns = buildServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'quickpay-legacy-bench-'));
  process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', RATE_SIGNUPS_PER_IP: '1000' };
  let server = new ServerProcess(await freePort(), env);
  await server.start();
  const a = await signUp(server.url, 'Asha Rao', '9810000001');
  const b = await signUp(server.url, 'Ravi Kumar', '9810000002');
  await server.stop();
  await seed(dataDir, a, b);
  // BENCH_CPU_PROF=<dir>: the measured server writes a V8 CPU profile there on exit.
  const prof = process.env.BENCH_CPU_PROF;
  server = new ServerProcess(
    await freePort(),
    env,
    prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [],
  );
  await server.start();
  try {
    const { cookie } = await legacyPost(server.url, '/api/login', {
      user_id: a,
      username: 'Asha Rao',
      password: PASSWORD,
    });
    console.log(
      `legacy history bench: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}; ` +
        `${TX} transactions; ${SECONDS} s per page, ${CONNECTIONS} connections; load average ${loadavg()[0]?.toFixed(1)}\n` +
        `server: ${serverRuns}\n`,
    );
    console.log(
      '| page | req/s | × Flask (67) | p50 ms | p99 ms | server CPU µs/req | bytes | rows | errors |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const page of ['/api/dashboard-data', '/api/transactions-data']) {
      const url = `${server.url}${page}`;
      const probe = await fetch(url, { headers: { cookie } });
      const text = await probe.text();
      if (probe.status !== 200) throw new Error(`${page}: ${probe.status} ${text}`);
      const json = JSON.parse(text) as { all_transactions?: unknown[]; transactions?: unknown[] };
      const rows = (json.all_transactions ?? json.transactions ?? []).length;
      const headers = { cookie };
      await load({
        url,
        method: 'GET',
        seconds: 2,
        connections: CONNECTIONS,
        next: () => ({ headers }),
      });
      const before = cpuSeconds(server.pid);
      const f = await load({
        url,
        method: 'GET',
        seconds: SECONDS,
        connections: CONNECTIONS,
        next: () => ({ headers }),
      });
      if (process.env.BENCH_DEBUG) console.log(JSON.stringify(f));
      const cpuUs = Math.round(((cpuSeconds(server.pid) - before) * 1e6) / Math.max(1, f.requests));
      const times = page === '/api/dashboard-data' ? `${(f.rps / FLASK_RPS).toFixed(1)}×` : '';
      console.log(
        `| ${page} | ${f.rps} | ${times} | ${f.p50} | ${f.p99} | ${cpuUs} | ${Buffer.byteLength(text)} | ${rows} | ${f.errors} |`,
      );
    }
  } finally {
    await server.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
