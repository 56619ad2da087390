import { createSmsDispatcher } from '@quickpay/sms';
import { buildApp } from './app.ts';
import { createDeps } from './deps.ts';
import { ConfigError, loadEnv, type ServerConfig } from './env.ts';
import { createEventPruner } from './event-pruner.ts';
import { backgroundPace, createForeground } from './foreground.ts';
import { createScheduler } from './scheduler.ts';
import { createSessionPruner } from './session-pruner.ts';
import { describeStore } from './store.ts';

/** Process work only: configuration, listen, background SMS, graceful shutdown. */

const SHUTDOWN_GRACE_MS = 15_000;
/** Under constant API load the scheduler still takes a batch after this long. */
const FOREGROUND_MAX_WAIT_MS = 20;
/** The most of the time the scheduler's batches take (it rests as long as each took). */
const SCHEDULER_SHARE = 0.5;

function configOrExit(): ServerConfig {
  try {
    return loadEnv();
  } catch (e) {
    // One clear line, no stack: the message names the variable.
    console.error(e instanceof ConfigError ? e.message : `Invalid configuration: ${String(e)}`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  // Deps are built before the app: their lines (the generated secret) are held until the
  // logger exists; later ones (the SMS outbox, where a developer reads codes) go straight to it.
  const startLog: string[] = [];
  let log: (m: string) => void = (m) => {
    startLog.push(m);
  };
  const deps = await createDeps(config, (m) => log(m));
  const app = await buildApp({ config, deps });
  log = (m) => app.log.info(m);
  for (const line of startLog) log(line);

  // Delivers queued transfer alerts (with retries) outside the request path.
  const dispatcher = createSmsDispatcher({
    store: deps.store,
    sender: deps.sms,
    now: deps.now,
    log: (m) => app.log.warn(m),
  });

  // Expired and revoked sessions are deleted hourly (safe with several instances).
  const pruner = createSessionPruner({
    store: deps.store,
    now: deps.now,
    log: (m) => app.log.info(m),
  });

  // Scheduled and recurring payments (safe with several instances: leases in the store),
  // in the moments between API requests and at most half the time (docs/schedules.md).
  const foreground = createForeground({ maxWaitMs: FOREGROUND_MAX_WAIT_MS });
  foreground.track(app.server);
  const scheduler = createScheduler({
    deps: { ...deps, logger: app.log },
    intervalMs: config.scheduler.intervalMs,
    log: (m) => app.log.warn(m),
    options: { catchUpDays: config.scheduler.catchUpDays },
    yieldToForeground: backgroundPace(foreground, SCHEDULER_SHARE),
  });

  // Live events older than the retention are deleted hourly (safe with several instances).
  const eventPruner = createEventPruner({
    store: deps.store,
    now: deps.now,
    retentionMs: config.eventRetentionMs,
    log: (m) => app.log.info(m),
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal} received: finishing in-flight requests`);
    const force = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    // Order matters: stop taking requests (and finish those in flight), then let the
    // dispatcher finish its current run, then close the store they both use.
    app
      .close()
      .then(() =>
        Promise.all([dispatcher.stop(), pruner.stop(), scheduler.stop(), eventPruner.stop()]),
      )
      .then(() => deps.store.close())
      .then(() => {
        app.log.info('shutdown complete');
        process.exit(0);
      })
      .catch((e: unknown) => {
        app.log.error({ err: e }, 'shutdown failed');
        process.exit(1);
      });
  };
  // Before listen: a signal that arrives once the URL is printed must find its handler.
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const shown = host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host;
  dispatcher.start();
  pruner.start();
  scheduler.start();
  eventPruner.start();
  console.log(`Quickpay listening on http://${shown}:${port} (store: ${describeStore(config)})`);
}

/** One line a newcomer can act on. */
function startFailure(e: unknown): string {
  const err = e as NodeJS.ErrnoException & { address?: string; port?: number };
  if (err?.code === 'EADDRINUSE') {
    return `port ${err.port} on ${err.address} is already in use (another Quickpay?); set PORT to a free port`;
  }
  if (err?.code === 'EACCES' && err.port !== undefined) {
    return `no permission to listen on port ${err.port}; set PORT to 1024 or above`;
  }
  return e instanceof Error ? e.message : String(e);
}

main().catch((e: unknown) => {
  console.error(`Quickpay failed to start: ${startFailure(e)}`);
  process.exit(1);
});
