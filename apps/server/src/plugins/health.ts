import type { FastifyPluginAsync } from 'fastify';

/** /healthz: the process answers. /readyz: the store answers too (503 otherwise). */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (req, reply) => {
    try {
      await app.deps.store.ping();
      return { ok: true, store: app.deps.store.kind };
    } catch (e) {
      req.log.warn({ err: e }, 'readiness check failed: store unreachable');
      return reply.code(503).send({ ok: false, error: 'store unavailable' });
    }
  });
};
