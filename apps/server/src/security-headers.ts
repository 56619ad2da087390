import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import type { ServerConfig } from './env.ts';

function helmetOptions(config: Pick<ServerConfig, 'nodeEnv'>): HelmetOptions {
  return {
    contentSecurityPolicy: {
      directives: {
        // The built web app loads only its own scripts and styles.
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'connect-src': ["'self'"],
        // Over plain http (development, a LAN address) an upgrade would break every request.
        'upgrade-insecure-requests': config.nodeEnv === 'production' ? [] : null,
      },
    },
  };
}

/**
 * helmet's headers for every answer, computed once at start by running its middleware
 * against a recording response. They depend on nothing in the request, and
 * @fastify/helmet rebuilt the whole middleware (CSP parsing included) per request.
 */
export function securityHeaders(
  config: Pick<ServerConfig, 'nodeEnv'>,
): ReadonlyArray<readonly [string, string]> {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader(name: string, value: string) {
      headers.push([name.toLowerCase(), value]);
    },
    removeHeader() {}, // X-Powered-By, which Fastify never sets
  };
  helmet(helmetOptions(config))(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (e) => {
      if (e) throw e;
    },
  );
  return Object.freeze(headers.map((h) => Object.freeze(h)));
}
