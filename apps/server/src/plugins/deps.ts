import type { ApiDeps } from '@quickpay/api';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** The store, SMS sender, API config and clock shared by every request. */
    deps: ApiDeps;
  }
}

export interface DepsPluginOptions {
  deps: ApiDeps;
  /** Close deps.store when the app closes (true when the app opened it). */
  ownsStore: boolean;
}

export const depsPlugin = fp<DepsPluginOptions>(
  async (app, { deps, ownsStore }) => {
    app.decorate('deps', deps);
    if (ownsStore) app.addHook('onClose', async () => deps.store.close());
  },
  { name: 'quickpay-deps' },
);
