import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * API requests in flight, and a gate for background work (the scheduler's batches):
 * `idle()` resolves at a moment when no request is being answered, or after `maxWaitMs`
 * at the latest, so background work goes on, more slowly, under constant load. Event
 * streams are long-lived and not counted. Per process: each instance yields to its own
 * traffic.
 */
export interface Foreground {
  /** Counts the requests of this HTTP server. */
  track(server: Server): void;
  readonly inFlight: number;
  idle(): Promise<void>;
}

const STREAM = /^\/trpc\/events\.subscribe(?:[?/]|$)/;

export function createForeground(opts: { maxWaitMs: number }): Foreground {
  let inFlight = 0;
  let waiters: (() => void)[] = [];
  const release = () => {
    const ready = waiters;
    waiters = [];
    for (const w of ready) w();
  };
  const leave = () => {
    inFlight--;
    // After this turn's I/O: a request that arrived with this answer goes first.
    if (inFlight === 0 && waiters.length > 0) setImmediate(() => inFlight === 0 && release());
  };
  return {
    track(server) {
      server.on('request', (req: IncomingMessage, res: ServerResponse) => {
        if (STREAM.test(req.url ?? '')) return;
        inFlight++;
        // 'close' comes once, whether the answer was sent or the caller went away.
        res.once('close', leave);
      });
    },
    get inFlight() {
      return inFlight;
    },
    idle() {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(go, opts.maxWaitMs);
        function go() {
          clearTimeout(timer);
          waiters = waiters.filter((w) => w !== go);
          resolve();
        }
        waiters.push(go);
        if (inFlight === 0) setImmediate(() => inFlight === 0 && release());
      });
    },
  };
}

/** However long a step took, background work does not rest longer than this. */
const MAX_REST_MS = 1_000;

/**
 * Background work paced to at most `share` of the time (0 < share <= 1): before each
 * step it rests in proportion to how long the previous step took, then waits for the
 * gate. Told 0 (the first step of a pass), it only waits for the gate.
 */
export function backgroundPace(
  foreground: Foreground,
  share: number,
): (previousStepMs: number) => Promise<void> {
  const restPerMs = 1 / share - 1;
  return async (previousStepMs) => {
    const rest = Math.min(MAX_REST_MS, previousStepMs * restPerMs);
    if (rest > 0) await sleep(rest);
    await foreground.idle();
  };
}
