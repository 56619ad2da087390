import { tmpdir } from 'node:os';
import { type ApiDeps, warmPasswordEstimator } from '@quickpay/api';
import type { Store } from '@quickpay/db';
import { openSqliteStore } from '@quickpay/db/sqlite';
import { createOutboxSender, type SmsSender } from '@quickpay/sms';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { createDeps } from '../deps.ts';
import { parseEnv } from '../env.ts';

/** The static legacy front end's origin (another port on the same host). */
export const ORIGIN = 'http://127.0.0.1:5500';

export interface LegacyServer {
  url: string;
  app: FastifyInstance;
  deps: ApiDeps;
  store: Store;
  /** Moves the clock the store and the API read. */
  advance(ms: number): void;
  client(origin?: string): LegacyClient;
  close(): Promise<void>;
}

export interface Reply {
  status: number;
  body: unknown;
  headers: Headers;
}

/**
 * The real app (buildApp) listening on port 0 over an in-memory SQLite store, with
 * CORS_ORIGINS set to the legacy front end's origin and a clock tests move.
 */
export async function startLegacyServer(
  env: Record<string, string> = {},
  sms?: (store: Store) => SmsSender,
): Promise<LegacyServer> {
  const config = parseEnv(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      CORS_ORIGINS: ORIGIN,
      // Contract tests make hundreds of password checks (one per legacy payment) from one
      // address; the budgets have their own tests (test/security-passwords.test.ts).
      RATE_PASSWORD_CHECKS_PER_IP: '100000',
      RATE_PASSWORD_CHECKS_PER_ACCOUNT: '100000',
      JWT_SECRET: 'legacy-test-secret-'.repeat(2),
      ...env,
    },
    tmpdir(),
  );
  let t = Date.UTC(2026, 10, 24, 10);
  const now = () => t;
  // As store.ts opens it: MAX_AMOUNT bounds the store too.
  const store = openSqliteStore({ file: ':memory:', now, maxAmount: config.api.maxAmount });
  const deps = await createDeps(config, () => {}, now, {
    store,
    sms: sms ?? ((s) => createOutboxSender(s, () => {})),
  });
  const app = await buildApp({ config, deps, logger: false, webRoot: '/nonexistent-web-root' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  // Its one-time load (~0.5 s, more on a busy machine) belongs to setup, not the first test.
  await warmPasswordEstimator();
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    app,
    deps,
    store,
    advance: (ms) => {
      t += ms;
    },
    client: (origin = ORIGIN) => new LegacyClient(url, origin),
    async close() {
      await app.close();
      await store.close();
    },
  };
}

/**
 * A browser page on another origin calling with `credentials: "include"`: sends its
 * Origin, keeps cookies (dropping cleared ones) and checks CORS on every answer.
 */
export class LegacyClient {
  readonly jar = new Map<string, string>();
  /** Raw Set-Cookie lines of the last answer. */
  lastSetCookie: string[] = [];

  constructor(
    readonly url: string,
    readonly origin: string,
  ) {}

  async call(method: string, path: string, body?: unknown): Promise<Reply> {
    const headers: Record<string, string> = { origin: this.origin };
    if (this.jar.size > 0) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    this.lastSetCookie = res.headers.getSetCookie();
    for (const line of this.lastSetCookie) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const cleared = pair.slice(eq + 1) === '' || attrs.some((a) => /^max-age=0$/i.test(a));
      if (cleared) this.jar.delete(pair.slice(0, eq));
      else this.jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const text = await res.text();
    return {
      status: res.status,
      body: text === '' ? null : JSON.parse(text),
      headers: res.headers,
    };
  }

  get = (path: string) => this.call('GET', path);
  post = (path: string, body: unknown = {}) => this.call('POST', path, body);
  put = (path: string, body: unknown = {}) => this.call('PUT', path, body);
  del = (path: string) => this.call('DELETE', path);

  /** The browser's CORS preflight for a JSON call. */
  preflight(method: string, path: string): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      method: 'OPTIONS',
      headers: {
        origin: this.origin,
        'access-control-request-method': method,
        'access-control-request-headers': 'content-type',
      },
    });
  }
}

/** Each field's JSON type ('number', 'string', 'boolean', 'null', 'array', 'object'). */
export function jsonTypes(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`not a JSON object: ${JSON.stringify(value)}`);
  }
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v,
    ]),
  );
}

let phoneSeq = 0;
/** A valid, unique 10-digit Indian mobile number. */
export const nextPhone = (): string => `98${String(20_000_000 + ++phoneSeq).slice(-8)}`;

export const PASSWORD = 'correct horse 42';

/** Signs a user up through /api/signup; returns its account number and phone digits. */
export async function signUp(
  client: LegacyClient,
  username = 'Asha Rao',
  phone = nextPhone(),
  password = PASSWORD,
): Promise<{ userId: number; phone: string; username: string; password: string }> {
  const res = await client.post('/api/signup', {
    username,
    password,
    age: 30,
    gender: 'Female',
    phoneNumber: phone,
  });
  if (res.status !== 201) throw new Error(`sign-up failed: ${JSON.stringify(res.body)}`);
  const userId = (res.body as { user_id: number }).user_id;
  return { userId, phone, username, password };
}
