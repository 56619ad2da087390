import type { LoadFigures } from './load.ts';

export interface Figures {
  machine: string;
  /** How the server ran: the esbuild bundle (what `pnpm build && pnpm start` runs) or tsx. */
  serverRuns: string;
  seconds: number;
  users: number;
  transfers: LoadFigures;
  /** autocannon -R 1000: bursty pacing and an over-eager omission correction (see open-loop.ts). */
  fixedRate1000: LoadFigures;
  /** Open loop at 1,000 req/s, latency from each request's due time: the figure the p99 target applies to. */
  openLoop1000: LoadFigures;
  dashboard: LoadFigures;
  logins: LoadFigures;
  bareFastify: LoadFigures;
  storeInProcessTransfersPerSec: number;
  ratioToBareFastify: number;
  ratioToStore: number;
  /** Server RSS at start, after the transfer phases, after dashboard reads, at the end (after log-ins). */
  rssMb: Record<string, number>;
  /** 1-minute load average around the server phases: other work on the machine skews every figure. */
  loadAverage: { start: number; end: number };
  storedTransfers: number;
  acknowledgedTransfers: number;
  wallSeconds: number;
  serverArgs: string;
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');

/** The one table `pnpm bench` prints (Markdown, so docs/performance.md can quote it). */
export function printTable(f: Figures): void {
  const row = (name: string, l: LoadFigures) =>
    `| ${name} | ${l.rps} | ${l.p50} | ${l.p99} | ${l.p999} | ${l.cpuUsPerReq ?? ''} | ${l.errors}${l.errors ? ` ${JSON.stringify(l.statuses)}` : ''} |`;
  const errors =
    f.transfers.errors +
    f.fixedRate1000.errors +
    f.openLoop1000.errors +
    f.dashboard.errors +
    f.logins.errors;
  const fixed = f.openLoop1000;
  const lines = [
    `\nQuickpay bench — ${f.machine}; ${f.seconds} s per phase, 64 connections unless noted, ${f.users} funded users; ${f.wallSeconds} s in all; load average ${f.loadAverage.start.toFixed(1)} → ${f.loadAverage.end.toFixed(1)}; server: ${f.serverRuns}${f.serverArgs ? ` ${f.serverArgs}` : ''}\n`,
    '| load | req/s | p50 ms | p99 ms | p99.9 ms | server CPU µs/req | errors |',
    '|---|---|---|---|---|---|---|',
    row('payments.transfer (durable, fresh key each)', f.transfers),
    row('payments.transfer at 1,000 req/s, autocannon -R', f.fixedRate1000),
    row('payments.transfer at 1,000 req/s, open loop', f.openLoop1000),
    row('account.dashboard', f.dashboard),
    row('auth.logIn (16 conns, argon2id)', f.logins),
    row('floor: bare Fastify JSON route', f.bareFastify),
    '',
    '| figure | value | target |',
    '|---|---|---|',
    `| store in-process durable transfers/s (64 callers) | ${f.storeInProcessTransfersPerSec} | |`,
    `| transfers/s ÷ bare Fastify req/s | ${pct(f.ratioToBareFastify)} | ≥ 20% (${mark(f.ratioToBareFastify >= 0.2)}) |`,
    `| transfers/s ÷ store in-process rate | ${pct(f.ratioToStore)} | |`,
    `| p99 at 1,000 req/s, open loop (achieved ${fixed.rps} req/s) | ${fixed.p99} ms | ≤ 50 ms (${mark(fixed.p99 <= 50 && fixed.rps >= 950)}) |`,
    `| errors, all server phases | ${errors} | 0 (${mark(errors === 0)}) |`,
    `| server RSS start / after transfers / after dashboard / end (after log-ins) | ${f.rssMb.start} / ${f.rssMb.afterTransfers} / ${f.rssMb.afterDashboard} / ${f.rssMb.end} MB | < 200 MB (${mark(Math.max(...Object.values(f.rssMb)) < 200)}) |`,
    `| transfers stored / 2xx answers | ${f.storedTransfers} / ${f.acknowledgedTransfers} | stored ≥ answered (${mark(f.storedTransfers >= f.acknowledgedTransfers)}) |`,
  ];
  console.log(lines.join('\n'));
}
