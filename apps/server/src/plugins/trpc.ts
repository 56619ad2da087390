import type { InnerContext } from '@quickpay/api';
import { appRouter } from '@quickpay/api';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import type { FastifyPluginAsync } from 'fastify';
import { httpBridge } from '../http-bridge.ts';

type AppRouter = typeof appRouter;

/** The typed API at /trpc; each request gets an inner context with its HTTP bridge. */
export const trpcRoutes: FastifyPluginAsync = async (app) => {
  const options: FastifyTRPCPluginOptions<AppRouter> = {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: ({ req, res }): InnerContext => ({
        ...app.deps,
        http: httpBridge(req, res),
        auth: null,
      }),
      onError({ error, path, req }) {
        // Expected refusals are the client's business; only faults are logged as errors.
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          req.log.error({ err: error.cause ?? error, path }, 'tRPC procedure failed');
        }
      },
    },
  };
  await app.register(fastifyTRPCPlugin, options);
};
