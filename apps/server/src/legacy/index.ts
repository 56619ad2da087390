import type { ApiDeps } from '@quickpay/api';
import type { FastifyPluginAsync } from 'fastify';

export interface LegacyPluginOptions {
  deps: ApiDeps;
}

/**
 * The legacy REST adapter (see /work/shared/LEGACY_REST.md), mounted at /api.
 * Stub: registers nothing yet; the legacy engineer replaces this file.
 */
export const legacyPlugin: FastifyPluginAsync<LegacyPluginOptions> = async () => {};
