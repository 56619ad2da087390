import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers.ts';

/**
 * Response headers, cookies and CORS over real HTTP, in development and production
 * configuration: security headers on every kind of answer, httpOnly + SameSite
 * cookies (Secure in production), and an exact CORS allow-list with credentials.
 */

const PASSWORD = 'correct horse 42';
const ALLOWED = 'https://app.example.com';
let seq = 0;
const phone = () => `95${String(10_000_000 + ++seq).slice(-8)}`;

const signUp = (url: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/trpc/auth.signUp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ fullName: 'Asha Rao', phone: phone(), password: PASSWORD }),
  });

const preflight = (url: string, path: string, origin: string, method = 'POST') =>
  fetch(`${url}${path}`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'content-type',
    },
  });

/** Parsed Set-Cookie lines by cookie name: the attributes, lower-cased. */
function cookies(res: Response): Map<string, string[]> {
  return new Map(
    res.headers.getSetCookie().map((line) => {
      const [pair = '', ...attrs] = line.split(';').map((x) => x.trim());
      return [pair.slice(0, pair.indexOf('=')), attrs.map((a) => a.toLowerCase())];
    }),
  );
}

describe('development configuration', { timeout: 30_000 }, () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ CORS_ORIGINS: ALLOWED, RATE_SIGNUPS_PER_IP: '1000' });
  });
  afterAll(() => s.close());

  it('every kind of answer carries nosniff, a frame policy and a CSP, and no x-powered-by', async () => {
    const answers = [
      await fetch(`${s.url}/healthz`),
      await fetch(`${s.url}/trpc/account.dashboard`),
      await fetch(`${s.url}/trpc/no.such`),
      await signUp(s.url),
      await fetch(`${s.url}/api/profile-data`),
      await fetch(`${s.url}/api/login`, {
        method: 'POST',
        body: '{',
        headers: { 'content-type': 'application/json' },
      }),
      await fetch(`${s.url}/nothing-here`),
    ];
    for (const res of answers) {
      const where = `${res.status} ${res.url}`;
      expect(res.headers.get('x-content-type-options'), where).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), where).toMatch(/^(DENY|SAMEORIGIN)$/);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, where).toMatch(/frame-ancestors '(self|none)'/);
      expect(csp, where).toContain("object-src 'none'");
      expect(res.headers.get('x-powered-by'), where).toBeNull();
      expect(res.headers.get('server'), where).toBeNull();
      expect(res.headers.get('content-type') ?? '', where).toMatch(/^application\/json/);
    }
  });

  it('session cookies are httpOnly, SameSite=Lax, path /, with a lifetime, and not Secure over http', async () => {
    const res = await signUp(s.url);
    const jar = cookies(res);
    expect([...jar.keys()].sort()).toEqual(['qp_at', 'qp_rt']);
    for (const [name, attrs] of jar) {
      expect(attrs, name).toContain('httponly');
      expect(attrs, name).toContain('samesite=lax');
      expect(attrs, name).toContain('path=/');
      expect(
        attrs.some((a) => /^max-age=\d+$/.test(a)),
        name,
      ).toBe(true);
      expect(attrs, name).not.toContain('secure');
    }
  });

  it('log-out clears both cookies', async () => {
    const up = await signUp(s.url);
    const { accessToken } = ((await up.json()) as { result: { data: { accessToken: string } } })
      .result.data;
    const out = await fetch(`${s.url}/trpc/auth.logOut`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: '{}',
    });
    const jar = cookies(out);
    for (const name of ['qp_at', 'qp_rt']) {
      const attrs = jar.get(name) ?? [];
      expect(
        attrs.some((a) => a === 'max-age=0' || a.startsWith('expires=thu, 01 jan 1970')),
        name,
      ).toBe(true);
    }
  });

  it('an allowed origin is echoed with credentials, on preflight and on the call, never as *', async () => {
    for (const path of ['/trpc/auth.logIn', '/api/login', '/api/people/pid_x']) {
      const pre = await preflight(
        s.url,
        path,
        ALLOWED,
        path.includes('people') ? 'DELETE' : 'POST',
      );
      expect(pre.status, path).toBeLessThan(300);
      expect(pre.headers.get('access-control-allow-origin'), path).toBe(ALLOWED);
      expect(pre.headers.get('access-control-allow-credentials'), path).toBe('true');
    }
    for (const path of ['/healthz', '/api/profile-data', '/trpc/account.dashboard']) {
      const res = await fetch(`${s.url}${path}`, { headers: { origin: ALLOWED } });
      expect(res.headers.get('access-control-allow-origin'), path).toBe(ALLOWED);
      expect(res.headers.get('access-control-allow-credentials'), path).toBe('true');
    }
  });

  it('a disallowed or look-alike origin gets no Access-Control-Allow-Origin anywhere', async () => {
    const evil = [
      'https://evil.example',
      'null',
      `${ALLOWED}.evil.example`,
      'https://evil-app.example.com',
      'http://app.example.com',
      'http://localhost.evil.example',
      'http://127.0.0.1.evil.example',
      'http://localhost:5500@evil.example',
      'https://localhost:5500',
      'file://',
    ];
    for (const origin of evil) {
      for (const path of ['/trpc/auth.logIn', '/api/login', '/healthz']) {
        const pre = await preflight(s.url, path, origin);
        expect(pre.headers.get('access-control-allow-origin'), `${origin} ${path}`).toBeNull();
        expect(pre.headers.get('access-control-allow-credentials'), `${origin} ${path}`).toBeNull();
        const res = await fetch(`${s.url}${path}`, { headers: { origin } });
        expect(res.headers.get('access-control-allow-origin'), `${origin} ${path}`).toBeNull();
      }
    }
  });

  it('outside production, local pages (any port) are allowed, as the legacy front end needs', async () => {
    for (const origin of ['http://127.0.0.1:5500', 'http://localhost:5173', 'http://localhost']) {
      const pre = await preflight(s.url, '/api/login', origin);
      expect(pre.headers.get('access-control-allow-origin'), origin).toBe(origin);
    }
  });
});

describe('production configuration', { timeout: 30_000 }, () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-at-least-32-chars',
      CORS_ORIGINS: ALLOWED,
    });
  });
  afterAll(() => s.close());

  it('cookies are Secure, httpOnly and SameSite=Lax', async () => {
    const res = await signUp(s.url, { origin: ALLOWED });
    const jar = cookies(res);
    expect([...jar.keys()].sort()).toEqual(['qp_at', 'qp_rt']);
    for (const [name, attrs] of jar) {
      expect(attrs, name).toContain('secure');
      expect(attrs, name).toContain('httponly');
      expect(attrs, name).toContain('samesite=lax');
    }
  });

  it('local origins are not allowed; the configured one is', async () => {
    for (const origin of ['http://127.0.0.1:5500', 'http://localhost:5173']) {
      const pre = await preflight(s.url, '/api/login', origin);
      expect(pre.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
    const ok = await preflight(s.url, '/api/login', ALLOWED);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED);
  });

  it('sends HSTS and asks browsers to upgrade insecure requests', async () => {
    const res = await fetch(`${s.url}/healthz`);
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d{6,}/);
    expect(res.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });
});
