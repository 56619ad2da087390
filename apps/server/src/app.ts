import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import type { ApiDeps } from '@quickpay/api';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyServerOptions,
} from 'fastify';
import { corsOrigin } from './cors.ts';
import { createDeps, depsPlugin } from './deps.ts';
import type { ServerConfig } from './env.ts';
import { legacyPlugin } from './legacy/index.ts';
import { healthRoutes } from './plugins/health.ts';
import { trpcRoutes } from './plugins/trpc.ts';
import { webApp } from './plugins/web.ts';
import { requestLog } from './request-log.ts';
import { securityHeaders } from './security-headers.ts';

export interface BuildAppOptions {
  config: ServerConfig;
  /** Prebuilt deps (tests, bench): the caller keeps them and closes their store. Otherwise built from config and closed with the app. */
  deps?: ApiDeps;
  /** Fastify logger option; defaults to pino at config.logLevel with secrets redacted. */
  logger?: FastifyServerOptions['logger'];
  /** Where the default (redacting) logger writes; stdout unless given (tests capture it). */
  logStream?: { write(line: string): void };
  /** Directory of the built web app; defaults to apps/web/dist. */
  webRoot?: string;
}

export const BODY_LIMIT = 64 * 1024;

const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  '*.oldPassword',
  '*.newPassword',
  '*.accessToken',
  '*.refreshToken',
];

const defaultWebRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** A sane incoming x-request-id is kept so logs correlate across proxies; otherwise a UUID. */
function requestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && /^[\w.:-]{1,128}$/.test(header) ? header : randomUUID();
}

/** TRUST_PROXY=<n>: trust the n proxies nearest to us (Fastify's hop semantics). */
const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger ?? {
      level: config.logLevel,
      redact: { paths: REDACT, censor: '[redacted]' },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    logController: requestLog(config),
    genReqId: (req) => requestId(req.headers['x-request-id']),
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT,
    trustProxy:
      typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    requestTimeout: 30_000,
    // tRPC batches put every procedure name in one path segment.
    routerOptions: { maxParamLength: 5000 },
  });

  // 1. Security headers (computed once: security-headers.ts), CORS, cookies.
  const headers = securityHeaders(config);
  // Synchronous, and one hook for both: it runs on every request.
  app.addHook('onRequest', (req, reply, done) => {
    const raw = reply.raw;
    // On the raw response, as helmet itself sets them.
    for (const [name, value] of headers) raw.setHeader(name, value);
    reply.header('x-request-id', req.id);
    done();
  });
  await app.register(fastifyCors, {
    origin: corsOrigin(config),
    credentials: true,
    // PUT and DELETE: the legacy /api/people/:people_id calls from another origin.
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
    // No allowedHeaders: the requested headers are echoed (for allowed origins only), as
    // the old Flask-CORS app did, so a legacy page sending e.g. X-Requested-With still works.
    exposedHeaders: ['x-request-id'],
    maxAge: 600,
  });
  await app.register(fastifyCookie);

  // 2. Our own plugins: shared deps, then errors, then routes.
  const deps = options.deps ?? (await createDeps(config, (m) => app.log.info(m)));
  await app.register(depsPlugin, { deps, ownsStore: options.deps === undefined });

  // tRPC answers with a fetch Response whose own Vary replaces ours; an answer echoing an
  // allowed origin must still vary on Origin, or a shared cache could serve it to another.
  app.addHook('onSend', async (_req, reply, payload) => {
    if (!reply.hasHeader('access-control-allow-origin')) return payload;
    const withOrigin = (v: string | null) =>
      v === null || v === '' ? 'Origin' : /\borigin\b/i.test(v) ? v : `${v}, Origin`;
    if (payload instanceof Response)
      payload.headers.set('vary', withOrigin(payload.headers.get('vary')));
    else reply.header('vary', withOrigin(String(reply.getHeader('vary') ?? '')));
    return payload;
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status =
      err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 600
        ? err.statusCode
        : 500;
    if (status >= 500) {
      req.log.error({ err }, 'request failed');
      return reply.code(status).send({ error: 'Internal server error' });
    }
    return reply.code(status).send({ error: err.message });
  });

  await app.register(healthRoutes);
  await app.register(trpcRoutes);
  await app.register(legacyPlugin, { prefix: '/api' });
  await app.register(webApp, { root: options.webRoot ?? defaultWebRoot });
  return app;
}
