import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Store, storeBusy } from '@quickpay/db';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createDeps } from '../src/deps.ts';
import { parseEnv } from '../src/env.ts';

/**
 * The real SQLite store with every data call refused as STORE_BUSY: what the MongoDB
 * store answers when its lock queue is full, no primary is reachable or a majority does
 * not confirm a commit in time (packages/db/src/mongo/timeouts.ts). SQLite itself never
 * refuses so, so this is the way to drive the transport mapping over HTTP.
 */
function busy(store: Store): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || prop === 'close' || prop === 'ping') {
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async () => {
        throw storeBusy('waited 5000 ms for one account');
      };
    },
  });
}

describe('a busy store answers 503 with Retry-After, not 500', () => {
  let app: FastifyInstance;
  let dir: string;
  let logs: string[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'quickpay-busy-'));
    const config = parseEnv({ NODE_ENV: 'test', LOG_LEVEL: 'info', DATA_DIR: dir }, dir);
    const deps = await createDeps(config, () => {});
    logs = [];
    app = await buildApp({
      config,
      deps: { ...deps, store: busy(deps.store) },
      logStream: { write: (l) => logs.push(l) },
    });
    // buildApp does not own injected deps: close the real store with the app.
    app.addHook('onClose', async () => deps.store.close());
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tRPC: SERVICE_UNAVAILABLE, domain code STORE_BUSY, Retry-After: 1', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/trpc/auth.logIn',
      payload: { accountNumber: 1000, password: 'correct horse battery' },
    });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json()).toMatchObject({
      error: {
        message: expect.stringMatching(/busy.*retry/),
        data: { code: 'SERVICE_UNAVAILABLE', domainCode: 'STORE_BUSY' },
      },
    });
  });

  it('legacy REST: 503 {error} with the route flags and Retry-After: 1', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { user_id: '1000', username: 'Asha', password: 'correct horse battery' },
    });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json()).toEqual({ error: 'Service busy, please retry', loggedIn: false });
  });

  it('an answer that is not busy carries no Retry-After', async () => {
    const res = await app.inject({ method: 'POST', url: '/trpc/auth.logIn', payload: {} });
    expect(res.statusCode).toBe(400);
    expect(res.headers['retry-after']).toBeUndefined();
  });

  it('busy is expected under load: logged as a warning, never as a failure', () => {
    expect(logs.filter((l) => l.includes('"level":50'))).toEqual([]);
    const warnings = logs.filter((l) => l.includes('"level":40'));
    expect(warnings.some((l) => l.includes('tRPC procedure refused: unavailable'))).toBe(true);
    expect(warnings.some((l) => l.includes('legacy request refused: store busy'))).toBe(true);
  });
});
