/**
 * Idle RSS of the real server, started as the bench starts it: median of
 * IDLE_RUNS (default 3) fresh starts, each read 2 s after /readyz answers.
 *   pnpm --filter @quickpay/server exec tsx bench/idle-rss.ts [extra node flags]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../harness/free-port.ts';
import { ServerProcess } from '../harness/server-process.ts';

const runs = Number(process.env.IDLE_RUNS ?? 3);
const rssMb = (pid: number | undefined) =>
  Math.round(
    Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024,
  );

const samples: number[] = [];
for (let i = 0; i < runs; i++) {
  const dataDir = mkdtempSync(join(tmpdir(), 'quickpay-rss-'));
  const server = new ServerProcess(
    await freePort(),
    { DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    process.argv.slice(2),
  );
  try {
    await server.start();
    await new Promise((r) => setTimeout(r, 2000));
    samples.push(rssMb(server.pid));
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
samples.sort((a, b) => a - b);
console.log(
  `idle RSS MB: ${samples.join(', ')} (median ${samples[Math.floor(samples.length / 2)]})`,
);
