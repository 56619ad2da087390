import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleWatch, launchChromium } from './browser.ts';
import { checkPage, nav, PHONE } from './checks.ts';
import { receiptShows, signUp } from './flows.ts';
import { startServer, type TestServer } from './server.ts';

/** The app on a 390 × 844 phone: tab bar, sheets, 44 px targets, axe on every page. */
const OUT = fileURLToPath(new URL('../test-output/', import.meta.url));
const CHANDRA = { name: 'Chandra Iyer', phone: '9000000001', password: 'Copper-Kettle-61' };
const DEV = { name: 'Dev Malhotra', phone: '9000000002', password: 'Linen-Harbour-27' };

let server: TestServer;
let browser: Browser;
let page: Page;
let devAccount = 0;
const consoleWatch = new ConsoleWatch();

describe('Quickpay on a phone', () => {
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    const dev = await (await browser.newContext({ viewport: PHONE })).newPage();
    dev.setDefaultTimeout(30_000);
    consoleWatch.watch(dev, 'dev');
    devAccount = await signUp(dev, server.url, DEV);
    await dev.context().close();
    page = await (
      await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true })
    ).newPage();
    page.setDefaultTimeout(30_000);
    consoleWatch.watch(page, 'chandra');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a one-row header and a bottom tab bar, with "More" in a sheet', async () => {
    await signUp(page, server.url, CHANDRA);
    const header = await page.locator('header.topbar').boundingBox();
    expect(header?.height).toBeLessThanOrEqual(64); // was three rows, 20% of the screen
    const bar = page.getByRole('navigation', { name: 'Main' });
    const box = await bar.boundingBox();
    expect(Math.round((box?.y ?? 0) + (box?.height ?? 0))).toBe(PHONE.height);
    for (const name of ['Dashboard', 'Pay', 'History', 'Goals']) {
      expect(await bar.getByRole('link', { name, exact: true }).isVisible()).toBe(true);
    }
    // A new user is shown how to start, not 12 empty months.
    await page.getByRole('region', { name: 'Start by adding money' }).waitFor();
    expect(await page.getByRole('slider').count()).toBe(0);
    await checkPage(page, 'dashboard-new', OUT);
    await bar.getByRole('button', { name: 'More' }).click();
    const more = page.getByRole('dialog', { name: 'More' });
    await more.getByRole('link', { name: 'Profile' }).waitFor();
    await checkPage(page, 'more-sheet', OUT);
    await more.getByRole('button', { name: 'Close' }).click();
    await more.waitFor({ state: 'hidden' });
  });

  it('deposit and pay: review, confirm, receipt', async () => {
    await page.getByRole('link', { name: 'Add money' }).click();
    expect(await page.getByLabel('Deposit', { exact: true }).isChecked()).toBe(true);
    await page.getByLabel(/^Amount/).fill('500');
    await page.getByRole('button', { name: 'Review deposit' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await receiptShows(page, 'Deposited ₹500.00', '₹500.00');
    await page.getByRole('button', { name: 'Done' }).click();

    await page.getByLabel('Send to someone').check();
    await page.getByLabel('Account number').fill(String(devAccount));
    await page.getByTestId('payee').filter({ hasText: 'Dev M.' }).waitFor();
    await page.getByLabel(/^Amount/).fill('120');
    await page.getByLabel('Note (optional)').fill('Lunch');
    await checkPage(page, 'pay', OUT);
    await page.getByRole('button', { name: 'Review pay' }).click();
    await page.getByTestId('review-balance').filter({ hasText: '₹380.00' }).waitFor();
    await checkPage(page, 'pay-review', OUT);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await receiptShows(page, 'Sent ₹120.00 to Dev M.', '₹380.00');
    await checkPage(page, 'pay-receipt', OUT);
  });

  it('history: the note shows, filters are in a sheet and in the URL, a row opens its detail', async () => {
    await nav(page, 'History');
    const rows = page.getByRole('region', { name: 'Transactions' }).getByRole('listitem');
    await rows.filter({ hasText: 'Lunch' }).waitFor(); // the note, on a phone too
    await page.getByRole('button', { name: 'Filters' }).click();
    const sheet = page.getByRole('dialog', { name: 'Filter history' });
    await sheet.getByLabel('Type').selectOption('deposit');
    await checkPage(page, 'history-filters', OUT);
    await sheet.getByRole('button', { name: 'Show results' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    await page.reload();
    await page.getByRole('button', { name: 'Filters (1)' }).waitFor();
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows.count()).toBe(2);
    await rows.filter({ hasText: 'Lunch' }).getByRole('link').click();
    await page.getByRole('link', { name: 'Pay again' }).waitFor();
    await checkPage(page, 'history-detail', OUT);
    await page.getByRole('link', { name: 'Pay again' }).click();
    await page.getByTestId('payee').filter({ hasText: 'Dev M.' }).waitFor();
  });

  it('the dashboard chart has readable labels, an axis and the year', async () => {
    await nav(page, 'Dashboard');
    const chart = page.getByRole('slider', { name: /Money in and out/ });
    await chart.waitFor();
    const sizes = await page
      .locator('.mchart-x span, .mchart-y span, .mchart-x small')
      .evaluateAll((els) => els.map((e) => Number.parseFloat(getComputedStyle(e).fontSize)));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
    await page.getByText(String(new Date().getFullYear()), { exact: true }).first().waitFor();
    await checkPage(page, 'dashboard', OUT);
  });

  it('every other page passes axe and the 44 px check', async () => {
    for (const [name, ready] of [
      ['History', 'Lunch'],
      ['Goals', 'Savings goals'],
      ['Contacts', 'Your contacts'],
      ['Profile', 'Where you are logged in'],
    ] as const) {
      await nav(page, name);
      await page.getByText(ready).first().waitFor();
      await checkPage(page, name.toLowerCase(), OUT);
    }
  });

  it('locks after the idle time, and unlocks with the password on the same page', async () => {
    const ctx = await browser.newContext({ viewport: PHONE });
    const p = await ctx.newPage();
    p.setDefaultTimeout(30_000);
    consoleWatch.watch(p, 'chandra-idle');
    await p.clock.install();
    await p.goto(`${server.url}/login`);
    await p.getByLabel('Account number or phone').fill(CHANDRA.phone);
    await p.getByLabel('Password').fill(CHANDRA.password);
    await p.getByRole('button', { name: 'Log in' }).click();
    await p.waitForURL('**/dashboard');
    await p.goto(`${server.url}/history`);
    await p.getByRole('region', { name: 'Transactions' }).waitFor();
    await p.clock.fastForward('05:10'); // the default: 5 minutes
    const lock = p.getByRole('dialog', { name: 'Quickpay is locked' });
    await lock.waitFor();
    await checkPage(p, 'idle-lock', OUT);
    await lock.getByLabel('Password').fill(CHANDRA.password);
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await lock.waitFor({ state: 'hidden' });
    expect(new URL(p.url()).pathname).toBe('/history');
    await ctx.close();
  });

  it('no page logged a console error', () => {
    expect(consoleWatch.errors).toEqual([]);
  });
});
