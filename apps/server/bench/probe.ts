import { readFileSync } from 'node:fs';
import { type LoadFigures, type LoadOptions, load } from './load.ts';

/** What bench/loop-monitor.mjs (preloaded into the measured process) saw over a phase. */
export interface LoopFigures {
  /** Event-loop delay of the server's main thread, ms (1 ms sampling interval included). */
  delay: { p50: number; p99: number; max: number; mean: number };
  /** GC pauses: how many, their sum and the longest (with its kind). */
  gc: { count: number; totalMs: number; maxMs: number; maxKind: string };
}

export interface PhaseFigures extends LoadFigures {
  /** Server CPU time (user + system, all threads) per answered request, µs. */
  cpuUsPerReq: number;
  /** Peak server RSS over the phase (sampled every 100 ms), MB. */
  rssPeakMb: number;
  /**
   * How long the server's main thread was ready to run but waiting for a CPU (the
   * kernel's run-queue wait, /proc/<pid>/schedstat), ms per second of the phase: time
   * the machine, not the server, added to every figure. Near 0 on an idle machine.
   */
  runQueueMsPerSec: number;
  loop: LoopFigures | null;
  /** The phase in ms since the measured process was spawned (for profile-summary.ts). */
  window: [number, number];
}

/** A process under measurement: its pid and the port its loop monitor answers on. */
export interface Target {
  pid: number | undefined;
  loopPort: number;
  /** performance.now() in this runner when the process was spawned. */
  spawnedAt: number;
}

export function rssMb(pid: number | undefined): number {
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

/** Nanoseconds the process's main thread has waited on a run queue so far. */
function runQueueNs(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]);
}

async function loopProbe(port: number, what: 'reset' | 'read'): Promise<LoopFigures | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/${what}`, {
      signal: AbortSignal.timeout(5000),
    });
    return what === 'read' ? ((await res.json()) as LoopFigures) : null;
  } catch {
    return null; // a missing monitor leaves the columns empty rather than failing the run
  }
}

/** One load phase against `target`, with its CPU per request, peak RSS and loop delay. */
export async function phase(
  target: Target,
  o: LoadOptions,
  run: (o: LoadOptions) => Promise<LoadFigures> = load,
): Promise<PhaseFigures> {
  await loopProbe(target.loopPort, 'reset');
  let peak = rssMb(target.pid);
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(target.pid));
  }, 100);
  const before = cpuSeconds(target.pid);
  const waitedBefore = runQueueNs(target.pid);
  const started = performance.now();
  try {
    const f = await run(o);
    const cpu = cpuSeconds(target.pid) - before;
    const waitedNs = runQueueNs(target.pid) - waitedBefore;
    const ended = performance.now();
    const seconds = (ended - started) / 1000;
    peak = Math.max(peak, rssMb(target.pid));
    return {
      ...f,
      cpuUsPerReq: Math.round((cpu * 1e6) / Math.max(1, f.requests)),
      rssPeakMb: peak,
      runQueueMsPerSec: Math.round(waitedNs / 1e6 / seconds),
      loop: await loopProbe(target.loopPort, 'read'),
      window: [Math.round(started - target.spawnedAt), Math.round(ended - target.spawnedAt)],
    };
  } finally {
    clearInterval(sampler);
  }
}
