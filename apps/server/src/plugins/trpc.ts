import {
  type AppRouter,
  appRouter,
  authenticate,
  createInnerContext,
  hubOf,
  type InnerContext,
} from '@quickpay/api';
import {
  type CreateFastifyContextOptions,
  type FastifyTRPCPluginOptions,
  fastifyTRPCPlugin,
} from '@trpc/server/adapters/fastify';
import type { FastifyPluginAsync } from 'fastify';
import { httpChannel } from '../http-bridge.ts';
import { retryAfterFor } from './retry-after.ts';

/**
 * The typed API at /trpc. Each request gets a fresh inner context: the shared deps,
 * the request's logger (so swallowed failures such as a lost alert carry the request
 * id), and the HTTP channel (http-bridge.ts: ip, user agent, the presented access
 * token from the bearer or cookie, and cookies for the tokens the API issues).
 * `auth` starts null: authed procedures verify the presented token.
 */
export const trpcRoutes: FastifyPluginAsync = async (app) => {
  const createContext = ({ req, res }: CreateFastifyContextOptions): InnerContext =>
    createInnerContext(
      { ...app.deps, logger: req.log },
      httpChannel(req, res, app.deps.config.secureCookies),
      null,
    );

  // events.subscribe streams with status 200 once it runs, so a refusal would arrive as
  // an SSE error event; a caller who is not signed in gets a plain 401 first instead,
  // like every other non-public procedure. (Registered before the tRPC routes: hooks
  // reach only routes registered after them.)
  app.addHook('onRequest', async (req, reply) => {
    if (!/^\/trpc\/events\.subscribe(?:[?/]|$)/.test(req.url)) return;
    const token = httpChannel(req, reply, app.deps.config.secureCookies).accessToken;
    if (token && (await authenticate(app.deps, token))) return;
    return reply.code(401).send({
      error: {
        message: 'Not logged in',
        code: -32001,
        data: {
          code: 'UNAUTHORIZED',
          httpStatus: 401,
          path: 'events.subscribe',
          domainCode: 'UNAUTHENTICATED',
          passwordRule: null,
          zodError: null,
        },
      },
    });
  });

  const options: FastifyTRPCPluginOptions<AppRouter> = {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext,
      // One request may not fan out into unbounded argon2 work or parallel guesses.
      maxBatchSize: 20,
      // A refusal that knows its wait says so (the longest wait of a batch).
      responseMeta: ({ errors }) => retryAfterFor(errors),
      onError({ error, path, req }) {
        // Expected refusals are the client's business; only faults are logged as errors.
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          req.log.error({ err: error.cause ?? error, path }, 'tRPC procedure failed');
        } else if (error.code === 'SERVICE_UNAVAILABLE') {
          // Load or a failover, not a fault: visible to operators, not an alert.
          req.log.warn({ err: error.cause ?? error, path }, 'tRPC procedure refused: unavailable');
        }
      },
    },
  };
  await app.register(fastifyTRPCPlugin, options);
  // Open event streams would hold a graceful close up: end them first (clients reconnect).
  app.addHook('preClose', async () => hubOf(app.deps.store).closeAll());
};
