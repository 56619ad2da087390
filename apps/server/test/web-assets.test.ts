import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheControlFor } from '../src/plugins/web.ts';
import { startServer, type TestServer } from './helpers.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const HTML = `<!doctype html><title>Quickpay</title>${'<p>filler</p>'.repeat(100)}`;
const JS = `console.log(${JSON.stringify('x'.repeat(4000))});`;
const MANIFEST = JSON.stringify({ name: 'Quickpay', start_url: '/' });

/** A dist/ as the web build writes it: hashed assets, each text file beside its .br and .gz. */
function writeDist(dir: string): void {
  const put = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, `${name}.br`), brotliCompressSync(text));
    writeFileSync(join(dir, `${name}.gz`), gzipSync(text));
  };
  mkdirSync(join(dir, 'assets'));
  put('index.html', HTML);
  put('assets/index-Bx7_kQ2a.js', JS);
  put('manifest.webmanifest', MANIFEST);
  writeFileSync(join(dir, 'assets', 'plain.js'), JS); // not hashed, not compressed
}

describe('the web app served compressed and cached by what each file is', () => {
  let s: TestServer;
  let web: string;
  beforeAll(async () => {
    web = mkdtempSync(join(tmpdir(), 'quickpay-web-assets-'));
    writeDist(web);
    s = await startServer({}, web);
  });
  afterAll(async () => {
    await s.close();
    rmSync(web, { recursive: true, force: true });
  });

  const get = (url: string, acceptEncoding?: string) =>
    s.app.inject({
      method: 'GET',
      url,
      headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
    });

  it('sends a hashed asset as brotli when the browser takes it, cached for a year', async () => {
    const res = await get('/assets/index-Bx7_kQ2a.js', 'gzip, deflate, br, zstd');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(res.rawPayload.length).toBeLessThan(JS.length / 10);
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(JS);
  });

  it('sends gzip to a browser that takes only gzip', async () => {
    const res = await get('/assets/index-Bx7_kQ2a.js', 'gzip');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(gunzipSync(res.rawPayload).toString()).toBe(JS);
  });

  it('sends the file itself without Accept-Encoding or with identity only', async () => {
    for (const enc of [undefined, 'identity']) {
      const res = await get('/assets/index-Bx7_kQ2a.js', enc);
      expect(res.headers['content-encoding'], String(enc)).toBeUndefined();
      expect(res.headers.vary, String(enc)).toMatch(/accept-encoding/i);
      expect(res.headers['cache-control'], String(enc)).toBe(IMMUTABLE);
      expect(res.body, String(enc)).toBe(JS);
    }
  });

  it('sends index.html compressed and never cached stale, at / and as the SPA fallback', async () => {
    for (const url of ['/', '/dashboard', '/history/42?type=deposit']) {
      const res = await get(url, 'br, gzip');
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/text\/html/);
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(brotliDecompressSync(res.rawPayload).toString(), url).toBe(HTML);
    }
    const plain = await get('/');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('no-cache');
    expect(plain.body).toBe(HTML);
  });

  it('serves the web manifest as application/manifest+json', async () => {
    for (const enc of ['br', 'gzip', undefined]) {
      const res = await get('/manifest.webmanifest', enc);
      expect(res.statusCode, String(enc)).toBe(200);
      expect(res.headers['content-type'], String(enc)).toMatch(/^application\/manifest\+json/);
      expect(res.headers['cache-control'], String(enc)).toBe('no-cache');
    }
  });

  it('keeps a file without a content hash revalidated, and the compressed copies unnamed', async () => {
    const plain = await get('/assets/plain.js', 'br');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('no-cache');
    // The .br file is no route of its own, and a missing asset is a 404, never the page.
    for (const url of ['/assets/index-Bx7_kQ2a.js.br', '/assets/index-Gone1234.js']) {
      const res = await get(url, 'br');
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toMatch(/application\/json/);
    }
  });

  it('never gives the API or the health checks long-lived caching', async () => {
    const res = await get('/healthz', 'br');
    expect(res.headers['cache-control'] ?? '').not.toMatch(/immutable|max-age=31536000/);
  });
});

describe('cacheControlFor', () => {
  it('is immutable only for content-hashed build assets', () => {
    expect(cacheControlFor('/srv/dist/assets/index-Bx7_kQ2a.js')).toBe(IMMUTABLE);
    expect(cacheControlFor('/srv/dist/assets/index-Bx7_kQ2a.css.br')).toBe(IMMUTABLE);
    expect(cacheControlFor('/srv/dist/assets/Dashboard-CZ1-x_9q.js.gz')).toBe(IMMUTABLE);
    expect(cacheControlFor('/srv/dist/index.html')).toBe('no-cache');
    expect(cacheControlFor('/srv/dist/index.html.br')).toBe('no-cache');
    expect(cacheControlFor('/srv/dist/icon-192.png')).toBe('no-cache');
    expect(cacheControlFor('/srv/dist/assets/app.js')).toBe('no-cache');
  });
});
