/**
 * `pnpm bench`: the real server on the embedded store (synchronous=FULL, fresh data
 * directory) under autocannon, beside the floors measured in the same run. Prints one
 * table and writes it as JSON to bench-results/latest.json. Targets are printed, never asserted.
 * Knobs: BENCH_SECONDS (per phase, default 10), BENCH_USERS (default 64),
 * BENCH_CPU_PROF=1 (server runs with --cpu-prof into bench-results/profiles),
 * BENCH_SERVER_ARGS (extra node flags for the server, e.g. --max-old-space-size=96),
 * QUICKPAY_NO_BUNDLE=1 (run the server's sources with tsx instead of the bundle).
 * The server bundle is rebuilt first, so the run measures the current code as
 * `pnpm build && pnpm start` runs it.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { freePort } from '../harness/free-port.ts';
import { call } from '../harness/http.ts';
import { ServerProcess, startFlags } from '../harness/server-process.ts';
import { type LoadFigures, type LoadOptions, load } from './load.ts';
import { openLoop } from './open-loop.ts';
import { storeTransferRate } from './store-rate.ts';
import { printTable } from './table.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const USERS = Number(process.env.BENCH_USERS ?? 64);
const PASSWORD = 'Bench-pass-2026!';
const outDir = join(process.env.INIT_CWD ?? process.cwd(), 'bench-results');

function rssMb(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
}

/** CPU seconds (user + system, all threads) a process has used so far. */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  // Fields after the ")" of the command name: utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
}

/** One load phase, with the server's CPU time per answered request over it. */
async function measured(
  pid: number | undefined,
  o: LoadOptions,
  run: (o: LoadOptions) => Promise<LoadFigures> = load,
): Promise<LoadFigures> {
  const before = cpuSeconds(pid);
  const f = await run(o);
  return {
    ...f,
    cpuUsPerReq: Math.round(((cpuSeconds(pid) - before) * 1e6) / Math.max(1, f.requests)),
  };
}

async function bareFastify(): Promise<LoadFigures> {
  const port = await freePort();
  const child: ChildProcess = fork(fileURLToPath(new URL('./bare-fastify.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, PORT: String(port) },
  });
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  try {
    await new Promise<void>((resolve) => child.once('message', () => resolve()));
    return await measured(child.pid, {
      url: `http://127.0.0.1:${port}/bare`,
      seconds: SECONDS,
      next: () => ({
        body: JSON.stringify({ amount: randomInt(100), idempotencyKey: randomUUID() }),
      }),
    });
  } finally {
    killChild();
    process.off('exit', killChild);
  }
}

type Auth = { user: { accountNumber: number }; accessToken: string };

/** Sign-ups (argon2id) a few at a time, each followed by a large deposit. */
async function fundedUsers(server: ServerProcess) {
  const users: { accountNumber: number; token: string }[] = [];
  const one = async (i: number) => {
    const phone = `98${String(10_000_000 + i * 7919).slice(-8)}`;
    const out = await call<Auth>(
      server.url,
      'auth.signUp',
      { fullName: `Bench User ${i}`, phone, password: PASSWORD },
      null,
    );
    if (out.kind !== 'ok') throw new Error(`sign-up: ${JSON.stringify(out)}`);
    const dep = await call(
      server.url,
      'payments.deposit',
      { amount: 1_000_000_00, idempotencyKey: randomUUID() },
      out.data.accessToken,
    );
    if (dep.kind !== 'ok') throw new Error(`deposit: ${JSON.stringify(dep)}`);
    users.push({ accountNumber: out.data.user.accountNumber, token: out.data.accessToken });
  };
  for (let i = 0; i < USERS; i += 4)
    await Promise.all([i, i + 1, i + 2, i + 3].filter((n) => n < USERS).map(one));
  return users;
}

/** Rebuilds dist/ (about a second); says how the server will run. */
function buildServer(): string {
  const flags = startFlags().join(' ');
  if (process.env.QUICKPAY_NO_BUNDLE === '1')
    return `sources via tsx (QUICKPAY_NO_BUNDLE=1) ${flags}`;
  const script = fileURLToPath(new URL('../scripts/build.mjs', import.meta.url));
  execFileSync(process.execPath, [script], { stdio: ['ignore', 'ignore', 'inherit'] });
  return `esbuild bundle (dist/server.mjs) ${flags}`;
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
    },
    [
      ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []),
      ...(process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean),
    ],
  );
  try {
    await server.start();
    const loadStart = loadavg()[0] ?? 0;
    const rss: Record<string, number> = { start: rssMb(server.pid) };
    // Tokens are fresh here: payments need auth within 5 min, and the load phases take < 1 min.
    const users = await fundedUsers(server);
    const transfer = () => {
      const a = randomInt(USERS);
      const b = (a + 1 + randomInt(USERS - 1)) % USERS;
      const body = {
        toAccountNumber: users[b]?.accountNumber,
        amount: 1 + randomInt(100),
        idempotencyKey: randomUUID(),
      };
      return {
        body: JSON.stringify(body),
        headers: { authorization: `Bearer ${users[a]?.token}` },
      };
    };
    const url = (p: string) => `${server.url}/trpc/${p}`;
    const t = url('payments.transfer');

    const warm = await load({ url: t, seconds: 3, next: transfer });
    const transfers = await measured(server.pid, { url: t, seconds: SECONDS, next: transfer });
    rss.afterTransfers = rssMb(server.pid);
    const fixed = await measured(server.pid, {
      url: t,
      seconds: SECONDS,
      rate: 1000,
      next: transfer,
    });
    const openFixed = await measured(
      server.pid,
      { url: t, seconds: SECONDS, next: transfer },
      (o) => openLoop({ ...o, rate: 1000 }),
    );
    const dashboard = await measured(server.pid, {
      url: url('account.dashboard'),
      method: 'GET',
      seconds: SECONDS,
      next: () => ({ headers: { authorization: `Bearer ${users[randomInt(USERS)]?.token}` } }),
    });
    rss.afterDashboard = rssMb(server.pid);
    const logins = await measured(server.pid, {
      url: url('auth.logIn'),
      seconds: SECONDS,
      connections: 16,
      next: () => ({
        body: JSON.stringify({
          accountNumber: users[randomInt(USERS)]?.accountNumber,
          password: PASSWORD,
        }),
      }),
    });
    rss.end = rssMb(server.pid);
    await server.stop();

    // Cross-check: every 2xx transfer answer is a stored transfer (in-flight ones at a phase's end may add a few).
    const db = new Database(join(dataDir, 'quickpay.sqlite'), { readonly: true });
    const stored = (
      db.prepare("SELECT count(*) AS n FROM transfers WHERE kind = 'transfer'").get() as {
        n: number;
      }
    ).n;
    db.close();

    const bare = await bareFastify();
    const storeRate = await storeTransferRate(5, 64, USERS);
    const figures = {
      serverArgs: process.env.BENCH_SERVER_ARGS ?? '',
      serverRuns,
      machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      seconds: SECONDS,
      users: USERS,
      transfers,
      fixedRate1000: fixed,
      openLoop1000: openFixed,
      dashboard,
      logins,
      bareFastify: bare,
      storeInProcessTransfersPerSec: storeRate,
      ratioToBareFastify: transfers.rps / bare.rps,
      ratioToStore: transfers.rps / storeRate,
      rssMb: rss,
      loadAverage: { start: loadStart, end: loadavg()[0] ?? 0 },
      storedTransfers: stored,
      acknowledgedTransfers: warm.ok + transfers.ok + fixed.ok + openFixed.ok,
      wallSeconds: Math.round((Date.now() - started) / 1000),
    };
    printTable(figures);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(
      `\nwritten to ${join(outDir, 'latest.json')}${profile ? `; profiles in ${profDir}` : ''}`,
    );
  } finally {
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
