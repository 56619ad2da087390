import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../harness/free-port.ts';
import { startFlags } from '../harness/server-process.ts';
import type { Target } from './probe.ts';

export const loopMonitor = fileURLToPath(new URL('./loop-monitor.mjs', import.meta.url));

export interface ChildServer extends Target {
  url: string;
  stop(): void;
}

/**
 * A reference server (bare-fastify.ts, trpc-noop.ts) in its own process, with the
 * heap cap of `pnpm start` and the loop monitor preloaded, as the real server runs.
 * The child stops with SIGTERM (a --cpu-prof profile is written on that exit).
 */
export async function startChild(file: string, nodeArgs: string[] = []): Promise<ChildServer> {
  const port = await freePort();
  const loopPort = await freePort();
  const spawnedAt = performance.now();
  const child: ChildProcess = fork(fileURLToPath(new URL(file, import.meta.url)), {
    execArgv: [...startFlags(), '--import', 'tsx', '--import', loopMonitor, ...nodeArgs],
    env: { ...process.env, PORT: String(port), BENCH_LOOP_PORT: String(loopPort) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const stop = () => {
    child.kill('SIGTERM');
  };
  process.once('exit', stop);
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}) before listening`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    loopPort,
    spawnedAt,
    stop: () => {
      stop();
      process.off('exit', stop);
    },
  };
}
