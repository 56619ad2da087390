import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.ts';
import { startServer, type TestServer } from './server.ts';

/** Live updates in Chromium: two browser contexts, nothing reloaded by hand. */

const OUT = fileURLToPath(new URL('../test-output/', import.meta.url));
let server: TestServer;
let browser: Browser;
let payer: Page;
let payee: Page;
let payerAccount = 0;
let payeeAccount = 0;

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

async function signUp(page: Page, name: string, phone: string): Promise<number> {
  await page.goto(`${server.url}/signup`);
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Mobile phone').fill(phone);
  await page.getByLabel('Password', { exact: true }).fill('Violet-Harbour-42');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL('**/dashboard');
  const header = await page
    .getByText(/A\/c \d+/)
    .first()
    .textContent();
  return Number(/A\/c (\d+)/.exec(header ?? '')?.[1]);
}

describe('live updates in a real browser', () => {
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    payer = await (await browser.newContext()).newPage();
    payee = await (await browser.newContext()).newPage();
    payer.setDefaultTimeout(30_000);
    payee.setDefaultTimeout(30_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("one pays the other: the other's dashboard updates without reload and says so", async () => {
    payeeAccount = await signUp(payee, 'Bina Kapoor', '9123400001');
    payerAccount = await signUp(payer, 'Asha Rao', '9123400002');
    await payee.getByTestId('balance').filter({ hasText: '₹0.00' }).waitFor();

    await nav(payer, 'Pay');
    await payer.getByLabel('Deposit', { exact: true }).check();
    await payer.getByLabel(/^Amount/).fill('500');
    await payer.getByRole('button', { name: 'Review deposit' }).click();
    await payer.getByRole('button', { name: 'Confirm' }).click();
    await payer.getByRole('heading', { name: 'Deposited ₹500.00' }).waitFor();
    await payer.getByRole('button', { name: 'Done' }).click();
    await payer.getByLabel('Send to someone').check();
    await payer.getByLabel('Account number').fill(String(payeeAccount));
    await payer.getByTestId('payee').waitFor();
    await payer.getByLabel(/^Amount/).fill('120');
    await payer.getByRole('button', { name: 'Review pay' }).click();
    await payer.getByRole('button', { name: 'Confirm' }).click();

    await payee.getByTestId('live-notices').getByText('Received ₹120.00 from Asha Rao').waitFor();
    await payee.getByTestId('balance').filter({ hasText: '₹120.00' }).waitFor();
    await payee.screenshot({ path: `${OUT}live-received.png`, fullPage: true });
  });

  it('a request is created, seen live by the payer, paid, and the requester sees it paid', async () => {
    await nav(payee, 'Requests');
    await nav(payer, 'Requests');
    await payer.getByText('None yet.').first().waitFor();
    await payee.getByLabel('Account number to ask').fill(String(payerAccount));
    await payee.getByLabel(/^Amount/).fill('40');
    await payee.getByLabel('Note (optional)').fill('movie');
    await payee.getByRole('button', { name: 'Ask', exact: true }).click();
    await payee.getByText('Asked Asha R. for ₹40.00.').waitFor();

    await payer.getByTestId('live-notices').getByText('Bina K. asks you for ₹40.00').waitFor();
    const row = payer.getByTestId('request').filter({ hasText: 'movie' });
    await row.getByRole('button', { name: 'Pay ₹40.00' }).click();
    await payer.getByTestId('request').filter({ hasText: 'paid' }).waitFor();
    await payer.screenshot({ path: `${OUT}live-request-paid.png`, fullPage: true });

    await payee
      .getByTestId('live-notices')
      .getByText('Asha R. paid your request of ₹40.00')
      .waitFor();
    await payee.getByTestId('request').filter({ hasText: 'paid' }).waitFor();
    expect(await payee.getByTestId('request').count()).toBe(1);
  });
});
