import { createSmsDispatcher } from '@quickpay/sms';
import { buildApp } from './app.ts';
import { createDeps, describeStore } from './deps.ts';
import { ConfigError, loadEnv, type ServerConfig } from './env.ts';

/** Process work only: configuration, listen, background SMS, graceful shutdown. */

const SHUTDOWN_GRACE_MS = 15_000;

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
  const startLog: string[] = [];
  // Deps are built before the app so the start-up lines can be logged once the logger exists.
  const deps = await createDeps(config, (m) => startLog.push(m));
  const app = await buildApp({ config, deps });
  for (const line of startLog) app.log.info(line);
  app.addHook('onClose', async () => deps.store.close());

  const dispatcher = createSmsDispatcher({
    store: deps.store,
    sender: deps.sms,
    now: deps.now,
    log: (m) => app.log.info(m),
  });

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  console.log(`Quickpay listening on http://${host}:${port} (store: ${describeStore(config)})`);
  dispatcher.start();

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
    dispatcher
      .stop()
      .then(() => app.close())
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        app.log.error({ err: e }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  console.error(`Quickpay failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
