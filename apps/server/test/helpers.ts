import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { warmPasswordEstimator } from '@quickpay/api';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { createDeps } from '../src/deps.ts';
import { parseEnv, type ServerConfig } from '../src/env.ts';

/** A clock tests move by hand; the store and the API both read it. */
export class Clock {
  constructor(public t = Date.now()) {}
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface TestServer {
  url: string;
  app: FastifyInstance;
  config: ServerConfig;
  clock: Clock;
  /** Every line the server logged (pino JSON), captured from the real redacting logger. */
  logs: string[];
  close(): Promise<void>;
}

/**
 * The real app on port 0 over a fresh SQLite store in a temp DATA_DIR, built the
 * way server.ts builds it (createDeps, buildApp), with an injected clock.
 */
export async function startServer(
  env: Record<string, string> = {},
  webRoot = '/nonexistent-web-root',
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'quickpay-http-'));
  const config = parseEnv({ NODE_ENV: 'test', LOG_LEVEL: 'trace', DATA_DIR: dir, ...env }, dir);
  const logs: string[] = [];
  const clock = new Clock();
  const deps = await createDeps(config, () => {}, clock.now);
  const app = await buildApp({ config, deps, webRoot, logStream: { write: (l) => logs.push(l) } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  // Its one-time load (~0.5 s, more on a busy machine) belongs to setup, not the first test.
  await warmPasswordEstimator();
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    config,
    clock,
    logs,
    async close() {
      await app.close();
      await deps.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * fetch with a cookie jar, as a browser would keep cookies for one site: stores
 * Set-Cookie answers (dropping cleared or expired ones) and sends them back.
 */
export function cookieJarFetch(): { fetch: typeof fetch; jar: Map<string, string> } {
  const jar = new Map<string, string>();
  const jarFetch: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (jar.size > 0) {
      headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const res = await fetch(input, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const cleared =
        value === '' ||
        attrs.some((a) => /^max-age=0$/i.test(a)) ||
        attrs.some((a) => /^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now());
      if (cleared) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  };
  return { fetch: jarFetch, jar };
}
