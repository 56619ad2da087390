import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page, Request, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { ConsoleWatch, launchChromium } from './browser.ts';
import { checkPage, DESKTOP, nav, PHONE } from './checks.ts';
import { type Person, receiptShows, signUp } from './flows.ts';
import { startServer, type TestServer } from './server.ts';

/** Issue 15 item 8: compressed and cached assets, parallel loads, a manifest, dark mode, plain HTTP. */
const OUT = fileURLToPath(new URL('../test-output/', import.meta.url));
const ESHA = { name: 'Esha Menon', phone: '9000000011', password: 'Saffron-Ladder-83' };
const FARID = { name: 'Farid Shaikh', phone: '9000000012', password: 'Cobalt-Window-29' };
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let server: TestServer;
let browser: Browser;
let faridAccount = 0;
const consoleWatch = new ConsoleWatch();

async function newPage(name: string, options: Parameters<Browser['newContext']>[0] = {}) {
  const context = await browser.newContext({ viewport: DESKTOP, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  consoleWatch.watch(page, name);
  return page;
}

async function logIn(page: Page, who: Person): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Account number or phone').fill(who.phone);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/dashboard');
}

/** checks.ts's nav, once the header has drawn its tab (or "More", on a phone). */
async function go(page: Page, name: string): Promise<void> {
  const main = page.getByRole('navigation', { name: 'Main' });
  const tab = main.getByRole('link', { name, exact: true });
  await tab
    .or(main.getByRole('button', { name: 'More' }))
    .first()
    .waitFor();
  await nav(page, name);
}

const get = (path: string, encoding?: string) =>
  fetch(`${server.url}${path}`, encoding ? { headers: { 'accept-encoding': encoding } } : {});

describe('Quickpay fast and installable', () => {
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    const farid = await newPage('farid');
    faridAccount = await signUp(farid, server.url, FARID);
    await farid.context().close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sends the built app compressed (brotli, gzip), hashed assets immutable, index.html no-cache', async () => {
    const index = await get('/', 'br, gzip');
    expect(index.headers.get('content-encoding')).toBe('br');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text(); // fetch decodes the body
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] ?? '');
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      for (const [accept, sent] of [
        ['gzip, deflate, br, zstd', 'br'],
        ['gzip', 'gzip'],
        ['identity', null],
      ] as const) {
        const res = await get(asset, accept);
        expect(res.status, asset).toBe(200);
        expect(res.headers.get('content-encoding'), `${asset} ${accept}`).toBe(sent);
        expect(res.headers.get('vary'), asset).toMatch(/accept-encoding/i);
        expect(res.headers.get('cache-control'), asset).toBe('public, max-age=31536000, immutable');
      }
    }
  });

  it('is installable: a manifest with icons, and a theme colour for light and dark', async () => {
    const page = await newPage('manifest');
    await page.goto(`${server.url}/login`);
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe('/manifest.webmanifest');
    const themes = await page
      .locator('meta[name="theme-color"]')
      .evaluateAll((els) =>
        els.map((e) => `${e.getAttribute('media')} ${e.getAttribute('content')}`),
      );
    expect(themes).toEqual([
      '(prefers-color-scheme: light) #0b6e4f',
      '(prefers-color-scheme: dark) #0f3d2e',
    ]);
    await page.context().close();

    const res = await get('/manifest.webmanifest', 'br');
    expect(res.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    const manifest = (await res.json()) as {
      name: string;
      short_name: string;
      start_url: string;
      display: string;
      theme_color: string;
      background_color: string;
      icons: { src: string; sizes: string; type: string; purpose: string }[];
    };
    expect(manifest).toMatchObject({
      name: 'Quickpay',
      short_name: 'Quickpay',
      start_url: '/',
      display: 'standalone',
      theme_color: '#0b6e4f',
      background_color: '#f4f6f5',
    });
    expect(manifest.icons.map((i) => i.sizes)).toEqual(
      expect.arrayContaining(['192x192', '512x512']),
    );
    expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
    for (const icon of manifest.icons) {
      const r = await get(icon.src);
      expect(r.status, icon.src).toBe(200);
      expect(r.headers.get('content-type'), icon.src).toContain(icon.type);
    }
  });

  it('pays with crypto.randomUUID missing, as on plain HTTP at a LAN address', async () => {
    const page = await newPage('esha-no-uuid');
    // An insecure context has no randomUUID; the idempotency keys must still be made.
    await page.addInitScript('delete Crypto.prototype.randomUUID;');
    const keys: string[] = [];
    page.on('request', (req: Request) => {
      if (req.method() !== 'POST' || !/payments\.(deposit|transfer)/.test(req.url())) return;
      const body = JSON.stringify(req.postDataJSON());
      for (const m of body.matchAll(/"idempotencyKey":"([^"]+)"/g)) keys.push(m[1] ?? '');
    });
    await signUp(page, server.url, ESHA);
    expect(await page.evaluate('typeof crypto.randomUUID')).toBe('undefined');
    await page.getByRole('link', { name: 'Add money' }).click();
    await page.getByLabel(/^Amount/).fill('500');
    await page.getByRole('button', { name: 'Review deposit' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await receiptShows(page, 'Deposited ₹500.00', '₹500.00');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByLabel('Send to someone').check();
    await page.getByLabel('Account number').fill(String(faridAccount));
    await page.getByTestId('payee').filter({ hasText: 'Farid S.' }).waitFor();
    await page.getByLabel(/^Amount/).fill('120');
    await page.getByLabel('Note (optional)').fill('Chai');
    await page.getByRole('button', { name: 'Review pay' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await receiptShows(page, 'Sent ₹120.00 to Farid S.', '₹380.00');
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key).toMatch(UUID_V4);
    expect(new Set(keys).size).toBe(2);
    await page.context().close();
  });

  it('asks for the dashboard together with the profile, not after it', async () => {
    const page = await newPage('esha-parallel');
    await logIn(page, ESHA);
    await page.getByTestId('balance').filter({ hasText: '₹380.00' }).waitFor();
    const events: string[] = [];
    const note = (what: string) => (r: Request | Response) => {
      if (r.url().includes('/trpc/')) events.push(`${what} ${decodeURIComponent(r.url())}`);
    };
    const sent = note('sent');
    const answered = note('answered');
    page.on('request', sent);
    page.on('response', answered);
    await page.reload();
    await page.getByTestId('balance').filter({ hasText: '₹380.00' }).waitFor();
    page.off('request', sent);
    page.off('response', answered);
    const dashboardSent = events.findIndex((e) => /^sent .*account\.dashboard/.test(e));
    const profileAnswered = events.findIndex((e) => /^answered .*profile\.get/.test(e));
    expect(dashboardSent, events.join('\n')).toBeGreaterThanOrEqual(0);
    expect(dashboardSent, events.join('\n')).toBeLessThan(profileAnswered);
    await page.context().close();
  });

  it('follows a dark system setting on every page, at desktop and phone size, axe clean', async () => {
    const login = await newPage('dark-login', { colorScheme: 'dark' });
    for (const size of [DESKTOP, PHONE]) {
      await login.setViewportSize(size);
      await login.goto(`${server.url}/login`);
      await login.getByRole('button', { name: 'Log in' }).waitFor();
      await checkPage(login, 'dark-login', OUT);
    }
    await login.context().close();

    const page = await newPage('esha-dark');
    await page.emulateMedia({ colorScheme: 'dark' });
    await logIn(page, ESHA);
    expect(
      await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor),
    ).toBe('rgb(15, 21, 19)');
    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size);
      await go(page, 'Dashboard');
      await page.getByTestId('balance').filter({ hasText: '₹380.00' }).waitFor();
      await page.getByRole('slider', { name: /Money in and out/ }).waitFor();
      await checkPage(page, 'dark-dashboard', OUT);
      await go(page, 'Pay');
      await page.getByLabel('Account number').fill(String(faridAccount));
      await page.getByTestId('payee').filter({ hasText: 'Farid S.' }).waitFor();
      await page.getByLabel(/^Amount/).fill('10');
      await checkPage(page, 'dark-pay', OUT);
      await page.getByRole('button', { name: 'Review pay' }).click();
      await page.getByRole('button', { name: 'Confirm' }).waitFor();
      await checkPage(page, 'dark-pay-review', OUT);
      await page.getByRole('button', { name: 'Edit' }).click();
      for (const [name, ready] of [
        ['History', 'Chai'],
        ['Goals', 'Savings goals'],
        ['Contacts', 'Your contacts'],
        ['Profile', 'Where you are logged in'],
      ] as const) {
        await go(page, name);
        await page.getByText(ready).first().waitFor();
        await checkPage(page, `dark-${name.toLowerCase()}`, OUT);
      }
    }
    await page.context().close();
  });

  it('shows a friendly page, never the exception, when a page breaks while drawing', async () => {
    // Its own console: the broken render is logged there on purpose.
    const context: BrowserContext = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.addInitScript(
      `Object.defineProperty(Intl.NumberFormat.prototype, 'format', {
        get() { throw new Error('SECRET-internal-42'); },
      });`,
    );
    await logIn(page, ESHA);
    const broken = page.getByRole('alert').filter({ hasText: 'Something went wrong on this page' });
    await broken.waitFor();
    expect((await page.locator('body').textContent()) ?? '').not.toContain('SECRET');
    // The header is still there: another page works without a reload.
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
    expect(await axeViolations(page, 'broken page (desktop)')).toEqual([]);
    await page.screenshot({ path: `${OUT}broken-page-desktop.png`, fullPage: true });
    await go(page, 'Profile');
    await page.getByText('Where you are logged in').first().waitFor();
    expect(await broken.count()).toBe(0);
    await context.close();
  });

  it('no page logged a console error', () => {
    expect(consoleWatch.errors).toEqual([]);
  });
});
