/**
 * `pnpm bench`: the real server on the embedded store (synchronous=FULL, fresh data
 * directory) under autocannon, beside the floors measured in the same run. Prints one
 * table and writes it as JSON to bench-results/latest.json. Targets are printed, never asserted.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../harness/free-port.ts';
import { call } from '../harness/http.ts';
import { ServerProcess } from '../harness/server-process.ts';
import { type LoadFigures, load } from './load.ts';
import { storeTransferRate } from './store-rate.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const USERS = 16;
const PASSWORD = 'Bench-pass-2026!';

function rssMb(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
}

async function bareFastify(): Promise<LoadFigures> {
  const port = await freePort();
  const child: ChildProcess = fork(fileURLToPath(new URL('./bare-fastify.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, PORT: String(port) },
  });
  await new Promise<void>((resolve) => child.once('message', () => resolve()));
  try {
    return await load({
      url: `http://127.0.0.1:${port}/bare`,
      seconds: SECONDS,
      next: () => ({
        body: JSON.stringify({ amount: randomInt(100), idempotencyKey: randomUUID() }),
      }),
    });
  } finally {
    child.kill('SIGTERM');
  }
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'quickpay-bench-'));
  const server = new ServerProcess(await freePort(), {
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    RATE_SIGNUPS_PER_IP: '100000',
    RATE_LOGIN_FAILS_PER_IP: '100000',
  });
  await server.start();
  const rssStart = rssMb(server.pid);

  const users: { accountNumber: number; token: string }[] = [];
  for (let i = 0; i < USERS; i++) {
    const phone = `98${String(10000000 + i * 7919).padStart(8, '0')}`;
    const out = await call<{ user: { accountNumber: number }; accessToken: string }>(
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
  }
  const transfer = () => {
    const a = randomInt(USERS);
    const b = (a + 1 + randomInt(USERS - 1)) % USERS;
    const body = {
      toAccountNumber: users[b]?.accountNumber,
      amount: 1 + randomInt(100),
      idempotencyKey: randomUUID(),
    };
    return { body: JSON.stringify(body), headers: { authorization: `Bearer ${users[a]?.token}` } };
  };
  const url = (p: string) => `${server.url}/trpc/${p}`;

  await load({ url: url('payments.transfer'), seconds: 3, next: transfer }); // warm-up
  const transfers = await load({ url: url('payments.transfer'), seconds: SECONDS, next: transfer });
  const fixed = await load({
    url: url('payments.transfer'),
    seconds: SECONDS,
    rate: 1000,
    next: transfer,
  });
  const dashboard = await load({
    url: url('account.dashboard'),
    method: 'GET',
    seconds: SECONDS,
    next: () => ({ headers: { authorization: `Bearer ${users[randomInt(USERS)]?.token}` } }),
  });
  const logins = await load({
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
  const rssEnd = rssMb(server.pid);
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });

  const bare = await bareFastify();
  const storeRate = await storeTransferRate(5, 64);

  const figures = {
    machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    seconds: SECONDS,
    transfers,
    fixedRate1000: fixed,
    dashboard,
    logins,
    bareFastify: bare,
    storeInProcessTransfersPerSec: storeRate,
    ratioToBareFastify: transfers.rps / bare.rps,
    ratioToStore: transfers.rps / storeRate,
    rssMb: { start: rssStart, end: rssEnd },
  };
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  const row = (name: string, f: LoadFigures) =>
    `| ${name} | ${f.rps} | ${f.p50} | ${f.p99} | ${f.p999} | ${f.errors} |`;
  console.log(
    `\nQuickpay bench — ${figures.machine}; ${SECONDS} s per phase, 64 connections unless noted\n`,
  );
  console.log('| load | req/s | p50 ms | p99 ms | p99.9 ms | errors |\n|---|---|---|---|---|---|');
  console.log(row('payments.transfer (durable)', transfers));
  console.log(row('payments.transfer at 1,000 req/s', fixed));
  console.log(row('account.dashboard', dashboard));
  console.log(row('auth.logIn (16 conns, argon2id)', logins));
  console.log(row('floor: bare Fastify JSON route', bare));
  console.log(`\n| figure | value | target |\n|---|---|---|`);
  console.log(`| store in-process durable transfers/s (64 callers) | ${storeRate} | |`);
  console.log(`| transfers/s ÷ bare Fastify req/s | ${pct(figures.ratioToBareFastify)} | >= 20% |`);
  console.log(`| transfers/s ÷ store in-process rate | ${pct(figures.ratioToStore)} | |`);
  console.log(`| p99 at 1,000 req/s | ${fixed.p99} ms | <= 50 ms |`);
  console.log(
    `| errors (all phases) | ${transfers.errors + fixed.errors + dashboard.errors + logins.errors} | 0 |`,
  );
  console.log(`| server RSS start / end | ${rssStart} / ${rssEnd} MB | < 200 MB |`);
  const outDir = join(process.env.INIT_CWD ?? process.cwd(), 'bench-results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`\nwritten to ${join(outDir, 'latest.json')}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
