import type { ApiDeps } from '@quickpay/api';
import type { Store } from '@quickpay/db';
import { createSmsSender, type SmsLog, type SmsSender } from '@quickpay/sms';
import fp from 'fastify-plugin';
import type { ServerConfig } from './env.ts';
import { loadJwtSecret } from './secret.ts';
import { openConfiguredStore } from './store.ts';

/**
 * The services object (ApiDeps: store, SMS sender, API config, clock): built here, once
 * per process, by createDeps; reached one way, as `app.deps`, by the tRPC plugin and the
 * legacy routes alike.
 */

declare module 'fastify' {
  interface FastifyInstance {
    /** The store, SMS sender, API config and clock shared by every request. */
    deps: ApiDeps;
  }
}

/**
 * The outbox prints each message so a developer can read codes; in production that would
 * put reset codes and temporary passwords in the log, so only the recipient is printed.
 */
const withheld =
  (log: SmsLog): SmsLog =>
  (line) =>
    log(
      line.replace(
        /^(\[sms outbox\] to \S+) : [\s\S]*$/,
        '$1 : [body withheld in production; see pnpm sms:outbox]',
      ),
    );

/** Parts a test or bench supplies instead of the configured ones. */
export interface DepsParts {
  /** A store the caller opened (and closes), e.g. in-memory SQLite. */
  store?: Store;
  /** Builds the SMS sender over the store (default: the configured transport). */
  sms?: (store: Store) => SmsSender;
}

/** Everything the API needs, built once at start (`now`: a test clock). The caller closes deps.store. */
export async function createDeps(
  config: ServerConfig,
  log: SmsLog,
  now: () => number = Date.now,
  parts: DepsParts = {},
): Promise<ApiDeps> {
  const jwtSecret = loadJwtSecret(config, log);
  const store = parts.store ?? (await openConfiguredStore(config, now));
  const smsLog = config.nodeEnv === 'production' ? withheld(log) : log;
  return {
    store,
    sms: parts.sms ? parts.sms(store) : createSmsSender(config.sms, store, smsLog),
    config: { ...config.api, jwtSecret },
    now,
  };
}

export interface DepsPluginOptions {
  deps: ApiDeps;
  /** Close deps.store when the app closes (true when the app opened it). */
  ownsStore: boolean;
}

/** Decorates the root instance with `deps` (fastify-plugin: visible to every route plugin). */
export const depsPlugin = fp<DepsPluginOptions>(
  async (app, { deps, ownsStore }) => {
    app.decorate('deps', deps);
    if (ownsStore) app.addHook('onClose', async () => deps.store.close());
  },
  { name: 'quickpay-deps' },
);
