import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';

export interface WebPluginOptions {
  /** The built web app (apps/web/dist); skipped when it does not exist. */
  root: string;
}

// Never answered with index.html: an API client must see a real 404.
const API_PATH = /^\/(api|trpc|healthz|readyz)(\/|$|\?)/;

/**
 * Serves the built web app at / with an SPA fallback: a GET for an unknown path
 * outside /api, /trpc and the health checks gets index.html so client-side routes survive a reload.
 */
export const webApp = fp<WebPluginOptions>(
  async (app, { root }) => {
    const hasWeb = existsSync(join(root, 'index.html'));
    if (hasWeb) await app.register(fastifyStatic, { root, wildcard: false });

    app.setNotFoundHandler((req, reply) => {
      if (hasWeb && req.method === 'GET' && !API_PATH.test(req.url)) {
        return reply.type('text/html').sendFile('index.html');
      }
      return reply.code(404).send({ error: `Not found: ${req.method} ${req.url.split('?')[0]}` });
    });
  },
  // fp: the not-found handler must apply to the whole app, not one encapsulated branch.
  { name: 'quickpay-web' },
);
