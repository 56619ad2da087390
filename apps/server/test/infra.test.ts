import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createDeps } from '../src/deps.ts';
import { parseEnv } from '../src/env.ts';
import { startServer, type TestServer } from './helpers.ts';

const preflight = (url: string, origin: string) =>
  fetch(`${url}/trpc/auth.logIn`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,authorization',
    },
  });

describe('health and plumbing over HTTP', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s.close());

  it('/healthz answers while the process runs', async () => {
    const res = await fetch(`${s.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('/readyz answers when the store answers, naming the store', async () => {
    const res = await fetch(`${s.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, store: 'sqlite' });
  });

  it('sends security headers and hides the framework', async () => {
    const res = await fetch(`${s.url}/healthz`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('gives every response a request id, keeping a sane incoming one', async () => {
    const fresh = await fetch(`${s.url}/healthz`);
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${s.url}/healthz`, { headers: { 'x-request-id': 'edge-42' } });
    expect(kept.headers.get('x-request-id')).toBe('edge-42');
    const odd = await fetch(`${s.url}/healthz`, { headers: { 'x-request-id': 'a b<c>' } });
    expect(odd.headers.get('x-request-id')).not.toBe('a b<c>');
  });

  it('refuses a body over the size limit with 413 and a clear message', async () => {
    const res = await fetch(`${s.url}/trpc/auth.signUp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fullName: 'x'.repeat(100 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/too large/i) });
  });

  it('answers an unknown path with a JSON 404', async () => {
    const res = await fetch(`${s.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'Not found: GET /nope' });
  });

  it('answers an unknown procedure with a tRPC 404', async () => {
    const res = await fetch(`${s.url}/trpc/nothing.here`);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { data: { code: string } } };
    expect(body.error.data.code).toBe('NOT_FOUND');
  });

  it('lets a localhost page (the Vite dev server) call with credentials in development', async () => {
    const res = await preflight(s.url, 'http://localhost:5173');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
  });
});

describe('CORS allow-list in production', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({
      NODE_ENV: 'production',
      JWT_SECRET: 's'.repeat(40),
      CORS_ORIGINS: 'http://127.0.0.1:5500, https://bank.example/',
    });
  });
  afterAll(() => s.close());

  it('answers a preflight from a listed origin (the legacy front end on :5500) with credentials', async () => {
    const res = await preflight(s.url, 'http://127.0.0.1:5500');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5500');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('allows the extra headers an old front end may send (X-Requested-With) for a listed origin', async () => {
    const res = await fetch(`${s.url}/api/people/pid_x`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:5500',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type,x-requested-with',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/x-requested-with/i);
    expect(res.headers.get('access-control-allow-methods')).toContain('PUT');
  });

  it('accepts a listed origin written with a trailing slash', async () => {
    const res = await preflight(s.url, 'https://bank.example');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://bank.example');
  });

  it('gives an unlisted origin no Access-Control-Allow-Origin', async () => {
    for (const origin of ['https://evil.example', 'http://localhost:5173', 'null']) {
      const res = await preflight(s.url, origin);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const get = await fetch(`${s.url}/healthz`, { headers: { origin } });
      expect(get.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('readiness when the store is gone', () => {
  it('/readyz answers 503 while /healthz still answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quickpay-ready-'));
    const config = parseEnv({ NODE_ENV: 'test', DATA_DIR: dir }, dir);
    const deps = await createDeps(config, () => {});
    const app = await buildApp({ config, deps, logger: false });
    try {
      await deps.store.close();
      const ready = await app.inject('/readyz');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ ok: false, error: 'store unavailable' });
      expect((await app.inject('/healthz')).statusCode).toBe(200);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the built web app at /', () => {
  let s: TestServer;
  let web: string;
  beforeAll(async () => {
    web = mkdtempSync(join(tmpdir(), 'quickpay-web-'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Quickpay</title>');
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');
    s = await startServer({}, web);
  });
  afterAll(async () => {
    await s.close();
    rmSync(web, { recursive: true, force: true });
  });

  it('serves index.html at / and its assets', async () => {
    const page = await fetch(`${s.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Quickpay</title>');
    const js = await fetch(`${s.url}/assets/app.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  it('falls back to index.html for a client-side route', async () => {
    const res = await fetch(`${s.url}/goals/42`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('never answers /api, /trpc or the health checks with the page', async () => {
    for (const path of ['/api/nope', '/trpc/nothing.here', '/healthz/x', '/readyz/x']) {
      const res = await fetch(`${s.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/application\/json/);
    }
  });

  it('answers a POST to an unknown path with 404, not the page', async () => {
    const res = await fetch(`${s.url}/goals`, { method: 'POST' });
    expect(res.status).toBe(404);
  });
});
