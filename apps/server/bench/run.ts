/**
 * `pnpm bench`: the real server on the embedded store (synchronous=FULL, fresh data
 * directory) beside its ceiling and floor, all in one run with the same load generator:
 * - ceiling: a tRPC no-op mutation with payments.transfer's input schema (trpc-noop.ts);
 *   transfers/s ÷ its rate is the headline ratio;
 * - reference: a bare Fastify JSON route (bare-fastify.ts).
 * Each is run right after the real server's matching phase, so machine load drifts less
 * between them. Latency at 1,000 req/s is measured open loop (open-loop.ts). Every
 * measured process has bench/loop-monitor.mjs preloaded: each phase reports its
 * event-loop delay, GC pauses, CPU per request and peak RSS. Prints one table with the
 * targets (printed, never asserted) and writes it as JSON to bench-results/latest.json.
 * Knobs: BENCH_SECONDS (per phase, default 10), BENCH_USERS (default 64),
 * BENCH_RATE (open-loop rate, default 1000), BENCH_CPU_PROF=1 (the server and the
 * reference servers run with --cpu-prof into bench-results/profiles), BENCH_SERVER_ARGS
 * (extra node flags for the server, e.g. --max-old-space-size=96), QUICKPAY_NO_BUNDLE=1
 * (run the server's sources with tsx instead of the bundle). The server bundle is rebuilt first, so the run
 * measures the current code as `pnpm build && pnpm start` runs it.
 */
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { freePort } from '../harness/free-port.ts';
import { ServerProcess, startFlags } from '../harness/server-process.ts';
import { type ChildServer, loopMonitor, startChild } from './child-server.ts';
import { type LoadOptions, load } from './load.ts';
import { openLoop } from './open-loop.ts';
import { phase, rssMb } from './probe.ts';
import { storeTransferRate } from './store-rate.ts';
import { printStreams, streamsPhase } from './streams.ts';
import { type Figures, printTable } from './table.ts';
import { fundedUsers, PASSWORD, transferRequest } from './users.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const USERS = Number(process.env.BENCH_USERS ?? 64);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const outDir = join(process.env.INIT_CWD ?? process.cwd(), 'bench-results');

/** Rebuilds dist/ (about a second); says how the server will run. */
function buildServer(): string {
  const flags = startFlags().join(' ');
  if (process.env.QUICKPAY_NO_BUNDLE === '1')
    return `sources via tsx (QUICKPAY_NO_BUNDLE=1) ${flags}`;
  const script = fileURLToPath(new URL('../scripts/build.mjs', import.meta.url));
  execFileSync(process.execPath, [script], { stdio: ['ignore', 'ignore', 'inherit'] });
  return `esbuild bundle (dist/server.mjs) ${flags}`;
}

/** The transfers stored in the server's database (read after it stopped). */
function storedTransfers(dataDir: string): number {
  const db = new Database(join(dataDir, 'quickpay.sqlite'), { readonly: true });
  try {
    const row = db.prepare("SELECT count(*) AS n FROM transfers WHERE kind = 'transfer'").get();
    return (row as { n: number }).n;
  } finally {
    db.close();
  }
}

async function main() {
  const started = Date.now();
  const serverRuns = buildServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'quickpay-bench-'));
  // Also on Ctrl-C or a crash of this runner (the harness turns signals into exit).
  process.once('exit', () => {
    rmSync(dataDir, { recursive: true, force: true });
  });
  const profDir = join(outDir, 'profiles');
  const profile = process.env.BENCH_CPU_PROF === '1';
  const profArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  const loopPort = await freePort();
  const server = new ServerProcess(
    await freePort(),
    {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      RATE_SIGNUPS_PER_IP: '100000',
      RATE_LOGIN_FAILS_PER_IP: '100000',
      // The log-in phase measures argon2 throughput from one address: no budget in its way.
      RATE_PASSWORD_CHECKS_PER_IP: '100000',
      RATE_PASSWORD_CHECKS_PER_ACCOUNT: '100000',
      RATE_LOGIN_FAILS_PER_ACCOUNT_IP: '100000',
      BENCH_LOOP_PORT: String(loopPort),
    },
    [
      '--import',
      loopMonitor,
      ...profArgs,
      ...(process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean),
    ],
  );
  const children: ChildServer[] = [];
  try {
    const spawnedAt = performance.now();
    await server.start();
    const ceiling = await startChild('./trpc-noop.ts', profArgs);
    children.push(ceiling);
    const bare = await startChild('./bare-fastify.ts', profArgs);
    children.push(bare);
    const srv = { pid: server.pid, loopPort, spawnedAt };
    const loadStart = loadavg()[0] ?? 0;
    const rssStart = rssMb(server.pid);
    // Tokens are fresh here: payments need auth within 5 min, and the load phases take < 2 min.
    const users = await fundedUsers(server, USERS);
    const transfer = transferRequest(users);
    const at = (base: string, p: string) => `${base}/trpc/${p}`;
    const t = at(server.url, 'payments.transfer');
    const c = at(ceiling.url, 'payments.transfer');
    const closed = (url: string): LoadOptions => ({ url, seconds: SECONDS, next: transfer });
    const open = (o: LoadOptions) => openLoop({ ...o, rate: RATE });

    // Warm-ups (JIT, caches, the WAL), not recorded except for the stored-count check.
    const warm = await load({ ...closed(t), seconds: 3 });
    await load({ ...closed(c), seconds: 2 });
    await load({ ...closed(`${bare.url}/bare`), seconds: 2 });

    // Throughput: the server, then its ceiling and the floor right after, same requests.
    const transfers = await phase(srv, closed(t));
    const ceilingRun = await phase(ceiling, closed(c));
    const bareRun = await phase(bare, closed(`${bare.url}/bare`));
    // Latency at a fixed rate, open loop: the server, then the ceiling at the same rate.
    const transfersOpen = await phase(srv, closed(t), open);
    const ceilingOpen = await phase(ceiling, closed(c), open);
    for (const child of children) child.stop();

    const dashboard = await phase(srv, {
      url: at(server.url, 'account.dashboard'),
      method: 'GET',
      seconds: SECONDS,
      next: () => ({ headers: { authorization: `Bearer ${users[randomInt(USERS)]?.token}` } }),
    });
    // Idle event streams held while transfers fan out to them (issue 17).
    const streams = await streamsPhase(server, users, {
      streams: Number(process.env.BENCH_STREAMS ?? 1000),
      seconds: SECONDS,
    });
    const logins = await phase(srv, {
      url: at(server.url, 'auth.logIn'),
      seconds: SECONDS,
      connections: 16,
      next: () => ({
        body: JSON.stringify({
          accountNumber: users[randomInt(USERS)]?.accountNumber,
          password: PASSWORD,
        }),
      }),
    });
    const loadEnd = loadavg()[0] ?? 0;
    await server.stop();
    // Every 2xx transfer answer is a stored transfer (in-flight ones at a phase's end may add a few).
    const stored = storedTransfers(dataDir);
    const storeRate = await storeTransferRate(5, 64, USERS);

    const figures: Figures = {
      serverArgs: process.env.BENCH_SERVER_ARGS ?? '',
      serverRuns,
      machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      seconds: SECONDS,
      users: USERS,
      rate: RATE,
      transfers,
      ceiling: ceilingRun,
      bareFastify: bareRun,
      transfersOpen,
      ceilingOpen,
      dashboard,
      logins,
      storeInProcessTransfersPerSec: storeRate,
      ratioToCeiling: transfers.rps / ceilingRun.rps,
      ratioToBareFastify: transfers.rps / bareRun.rps,
      ratioToStore: transfers.rps / storeRate,
      rssStartMb: rssStart,
      loadAverage: { start: loadStart, end: loadEnd },
      storedTransfers: stored,
      acknowledgedTransfers: warm.ok + transfers.ok + transfersOpen.ok,
      wallSeconds: Math.round((Date.now() - started) / 1000),
    };
    printTable(figures);
    printStreams(streams);
    mkdirSync(outDir, { recursive: true });
    const all = { ...figures, streams };
    writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(all, null, 2)}\n`);
    console.log(
      `\nwritten to ${join(outDir, 'latest.json')}${profile ? `; profiles in ${profDir}` : ''}`,
    );
  } finally {
    for (const child of children) child.stop();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
