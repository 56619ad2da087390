import { afterAll, describe, expect, it, vi } from 'vitest';
import { securityHeaders } from '../src/security-headers.ts';
import { startServer, type TestServer } from './helpers.ts';

/**
 * Issue 14, less work per request: the security headers are computed once at start (and
 * are still on every answer), and at the default log level a request writes no log line.
 */
// Started here, outside any test's time limit (a busy machine makes start-up slow).
const quiet: TestServer = await startServer({ LOG_LEVEL: 'info' });
const debug: TestServer = await startServer({ LOG_LEVEL: 'debug' });
afterAll(async () => {
  await quiet.close();
  await debug.close();
});

const linesFor = (s: TestServer, id: string | null) =>
  s.logs.map((l) => JSON.parse(l) as { reqId?: string; msg: string }).filter((l) => l.reqId === id);

describe('security headers computed once', () => {
  it('helmet’s full set, CSP included, is on every kind of answer', async () => {
    const s = quiet;
    const headers = securityHeaders(s.config);
    expect(headers.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'content-security-policy',
        'strict-transport-security',
        'x-content-type-options',
        'x-frame-options',
        'referrer-policy',
        'cross-origin-opener-policy',
      ]),
    );
    for (const path of ['/healthz', '/trpc/profile.get', '/api/profile-data', '/no-such-page']) {
      const res = await fetch(`${s.url}${path}`);
      for (const [name, value] of headers)
        expect(res.headers.get(name), `${path} ${name}`).toBe(value);
    }
  });

  it('asks for an upgrade to https in production only', () => {
    const csp = (nodeEnv: 'production' | 'development') =>
      new Map(securityHeaders({ nodeEnv })).get('content-security-policy');
    expect(csp('production')).toContain('upgrade-insecure-requests');
    expect(csp('development')).not.toContain('upgrade-insecure-requests');
    expect(csp('development')).toContain("script-src 'self'");
  });
});

describe('request log lines', () => {
  it('at LOG_LEVEL=info a request writes none', async () => {
    const s = quiet;
    const res = await fetch(`${s.url}/healthz`);
    const id = res.headers.get('x-request-id');
    expect(id).not.toBeNull();
    // The debug server writes its lines after the answer: give this one the same chance.
    const res2 = await fetch(`${debug.url}/healthz`);
    const id2 = res2.headers.get('x-request-id');
    await vi.waitFor(() =>
      expect(linesFor(debug, id2).map((l) => l.msg)).toEqual([
        'incoming request',
        'request completed',
      ]),
    );
    expect(linesFor(s, id)).toEqual([]);
  });
});
