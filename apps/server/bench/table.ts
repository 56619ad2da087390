import type { PhaseFigures } from './probe.ts';

export interface Figures {
  machine: string;
  /** How the server ran: the esbuild bundle (what `pnpm build && pnpm start` runs) or tsx. */
  serverRuns: string;
  serverArgs: string;
  seconds: number;
  users: number;
  /** The open-loop rate, req/s. */
  rate: number;
  transfers: PhaseFigures;
  /** tRPC no-op mutation with the transfer's input schema: the stack's ceiling. */
  ceiling: PhaseFigures;
  bareFastify: PhaseFigures;
  /** Open loop at `rate`, latency from each request's due time: the figure the latency targets apply to. */
  transfersOpen: PhaseFigures;
  ceilingOpen: PhaseFigures;
  dashboard: PhaseFigures;
  logins: PhaseFigures;
  storeInProcessTransfersPerSec: number;
  ratioToCeiling: number;
  ratioToBareFastify: number;
  ratioToStore: number;
  rssStartMb: number;
  /** 1-minute load average around the server phases: other work on the machine skews every figure. */
  loadAverage: { start: number; end: number };
  storedTransfers: number;
  acknowledgedTransfers: number;
  wallSeconds: number;
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const round = (x: number, digits = 0) => Number(x.toFixed(digits));

/** "met", or by how much a target was missed. */
function atMost(value: number, target: number, unit = ''): string {
  return value <= target ? 'met' : `MISSED by ${round(value - target, 2)}${unit}`;
}
function atLeast(value: number, target: number): string {
  return value >= target ? 'met' : `MISSED by ${round(target - value, 2)}`;
}

/** "0", or the count with what the errors were: non-2xx statuses, then timeouts and transport errors. */
function errorText(l: PhaseFigures): string {
  if (!l.errors) return '0';
  const bad = Object.entries(l.statuses).filter(([code]) => !code.startsWith('2'));
  const transport = l.errors - bad.reduce((n, [, count]) => n + count, 0);
  const parts = bad.map(([code, count]) => `${count}× ${code}`);
  if (transport > 0) parts.push(`${transport} timeout/transport`);
  return `${l.errors} (${parts.join(', ')})`;
}

function row(name: string, l: PhaseFigures): string {
  const loop = l.loop ? `${l.loop.delay.p99} / ${l.loop.delay.max}` : '–';
  const gc = l.loop ? `${l.loop.gc.maxMs} ${l.loop.gc.maxKind}`.trim() : '–';
  return `| ${name} | ${l.rps} | ${l.p50} | ${l.p99} | ${l.p999} | ${l.max} | ${l.cpuUsPerReq} | ${loop} | ${gc} | ${l.runQueueMsPerSec} | ${l.rssPeakMb} | ${errorText(l)} |`;
}

/** The tables `pnpm bench` prints (Markdown, so docs/performance.md can quote them). */
export function printTable(f: Figures): void {
  const server = [f.transfers, f.transfersOpen, f.dashboard, f.logins];
  const errors = server.reduce((n, l) => n + l.errors, 0);
  const open = f.transfersOpen;
  const openLoopMax = open.loop?.delay.max ?? Number.NaN;
  const ceilingCpuRatio = f.ceiling.cpuUsPerReq / f.transfers.cpuUsPerReq;
  const rate = f.rate.toLocaleString('en');
  const lines = [
    `\nQuickpay bench — ${f.machine}; ${f.seconds} s per phase, 64 connections unless noted, ${f.users} funded users; ${f.wallSeconds} s in all; load average ${f.loadAverage.start.toFixed(1)} → ${f.loadAverage.end.toFixed(1)}; server: ${f.serverRuns}${f.serverArgs ? ` ${f.serverArgs}` : ''}\n`,
    '| load | req/s | p50 ms | p99 ms | p99.9 ms | max ms | server CPU µs/req | server loop delay p99 / max ms | longest GC ms | server waited for a CPU ms/s | peak RSS MB | errors |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    row('payments.transfer (durable, fresh key each)', f.transfers),
    row('ceiling: tRPC no-op mutation, transfer input schema', f.ceiling),
    row('reference: bare Fastify JSON route', f.bareFastify),
    row(`payments.transfer at ${rate} req/s, open loop`, open),
    row(`ceiling at ${rate} req/s, open loop`, f.ceilingOpen),
    row('account.dashboard', f.dashboard),
    row('auth.logIn (16 conns, argon2id)', f.logins),
    '',
    '| figure | measured | target |',
    '|---|---|---|',
    `| transfers/s ÷ tRPC no-op mutation/s, same run | ${f.ratioToCeiling.toFixed(2)} (${f.transfers.rps} / ${f.ceiling.rps}) | ≥ 0.75 (${atLeast(f.ratioToCeiling, 0.75)}) |`,
    `| p99 / p99.9 at ${rate} transfers/s, open loop (achieved ${open.rps}/s) | ${open.p99} / ${open.p999} ms | ≤ 15 ms (${atMost(open.p99, 15, ' ms')}) / ≤ 40 ms (${atMost(open.p999, 40, ' ms')}) |`,
    `| server event-loop delay, max, during that phase | ${openLoopMax} ms | ≤ 20 ms (${atMost(openLoopMax, 20, ' ms')}) |`,
    `| server RSS (the node process) through the log-in phase | ${f.logins.rssPeakMb} MB | ≤ 200 MB (${atMost(f.logins.rssPeakMb, 200, ' MB')}) |`,
    `| errors, all server phases | ${errors} | 0 (${atMost(errors, 0)}) |`,
    '',
    '| reference figure | value |',
    '|---|---|',
    `| transfers/s ÷ bare Fastify req/s | ${pct(f.ratioToBareFastify)} |`,
    `| ceiling CPU µs/req ÷ transfer CPU µs/req (the ratio by CPU, steadier on a busy machine) | ${ceilingCpuRatio.toFixed(2)} (${f.ceiling.cpuUsPerReq} / ${f.transfers.cpuUsPerReq}) |`,
    `| store in-process durable transfers/s (64 callers) | ${f.storeInProcessTransfersPerSec} |`,
    `| transfers/s ÷ store in-process rate | ${pct(f.ratioToStore)} |`,
    `| load generator's own loop delay, max, open-loop transfer / ceiling phase | ${open.clientLoopMaxMs} / ${f.ceilingOpen.clientLoopMaxMs} ms |`,
    `| server RSS at start / peak in any phase | ${f.rssStartMb} / ${Math.max(...server.map((l) => l.rssPeakMb))} MB |`,
    `| transfers stored / 2xx answers (stored ≥ answered) | ${f.storedTransfers} / ${f.acknowledgedTransfers} (${f.storedTransfers >= f.acknowledgedTransfers ? 'ok' : 'LOST ANSWERED TRANSFERS'}) |`,
  ];
  console.log(lines.join('\n'));
}
