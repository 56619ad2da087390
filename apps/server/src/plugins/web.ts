import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';

export interface WebPluginOptions {
  /** The built web app (apps/web/dist); skipped when it does not exist. */
  root: string;
}

// Never answered with index.html: an API client must see a real 404, and so must a
// script asking for a build asset that is gone (a page from before a deploy), not HTML.
const NEVER_THE_PAGE = /^\/(api|trpc|healthz|readyz|assets)(\/|$|\?)/;

/** A file the web build named by its content (Vite: `assets/<name>-<hash>.<ext>`). */
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[\w-]{8,}\.[a-z0-9]+$/i;
const PRECOMPRESSED = /\.(br|gz)$/;

/**
 * Cache-Control by what a file is. A hashed asset never changes under its name, so a
 * browser keeps it a year without asking; anything else (index.html, the manifest, the
 * icons) is revalidated on each use (ETag / Last-Modified), so a deploy is picked up.
 */
export function cacheControlFor(path: string): string {
  return HASHED_ASSET.test(path.replace(PRECOMPRESSED, ''))
    ? 'public, max-age=31536000, immutable'
    : 'no-cache';
}

/**
 * Serves the built web app at / with an SPA fallback: a GET for an unknown path
 * outside /api, /trpc and the health checks gets index.html so client-side routes survive a reload.
 * The build writes brotli (.br) and gzip (.gz) copies beside each text file; they are
 * served by Accept-Encoding (with `Vary: Accept-Encoding`), never by their own names.
 */
export const webApp = fp<WebPluginOptions>(
  async (app, { root }) => {
    const hasWeb = existsSync(join(root, 'index.html'));
    if (hasWeb)
      await app.register(fastifyStatic, {
        root,
        wildcard: false,
        preCompressed: true,
        globIgnore: ['**/*.br', '**/*.gz'],
        cacheControl: false,
        setHeaders: (reply: FastifyReply, path: string) => {
          reply.header('cache-control', cacheControlFor(path));
        },
      });

    app.setNotFoundHandler((req, reply) => {
      if (hasWeb && req.method === 'GET' && !NEVER_THE_PAGE.test(req.url)) {
        return reply.type('text/html').sendFile('index.html');
      }
      return reply.code(404).send({ error: `Not found: ${req.method} ${req.url.split('?')[0]}` });
    });
  },
  // fp: the not-found handler must apply to the whole app, not one encapsulated branch.
  { name: 'quickpay-web' },
);
