import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleWatch, launchChromium } from './browser.ts';
import { createGoal } from './flows.ts';
import { startServer, type TestServer } from './server.ts';

const OUT = fileURLToPath(new URL('../test-output/', import.meta.url));

let server: TestServer;
let browser: Browser;
let page: Page;
const consoleWatch = new ConsoleWatch();

const nav = (name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

async function signUp(p: Page, name: string, phone: string): Promise<number> {
  await p.goto(`${server.url}/signup`);
  await p.getByLabel('Full name').fill(name);
  await p.getByLabel('Mobile phone').fill(phone);
  await p.getByLabel('Password', { exact: true }).fill('Violet-Harbour-42');
  await p.getByRole('button', { name: 'Sign up' }).click();
  await p.waitForURL('**/dashboard');
  const header = await p
    .getByText(/A\/c \d+/)
    .first()
    .textContent();
  return Number(/A\/c (\d+)/.exec(header ?? '')?.[1]);
}

describe('scheduled payments in a real browser', () => {
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(30_000);
    consoleWatch.watch(page, 'asha');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates a monthly payment and a goal top-up, lists them as upcoming, pauses and cancels', async () => {
    const other = await (await browser.newContext()).newPage();
    const ravi = await signUp(other, 'Ravi Kumar', '9123450001');
    await other.close();
    await signUp(page, 'Asha Rao', '9123450002');

    // A monthly payment, from Pay: "Repeat…" once the payee is known.
    await nav('Pay');
    await page.getByLabel('Account number').fill(String(ravi)); // looked up as typed
    await page.getByTestId('payee').waitFor();
    await page.getByLabel(/^Amount \(/).fill('1200');
    await page.getByRole('button', { name: 'Repeat…' }).click();
    const repeat = page.getByRole('form', { name: 'Schedule a payment' });
    expect(await repeat.getByLabel(/^Amount each time/).inputValue()).toBe('1200');
    await repeat.getByLabel('How often').selectOption('monthly');
    await page.screenshot({ path: `${OUT}schedule-repeat.png`, fullPage: true });
    await repeat.getByRole('button', { name: 'Schedule it' }).click();
    await page.getByText(/^Scheduled ₹1,200\.00 monthly, next on \d{4}-\d{2}-\d{2}\.$/).waitFor();

    // A weekly top-up, from a goal: "Save automatically".
    await nav('Goals');
    await createGoal(page, { name: 'Holiday', target: '5000' });
    const card = page.getByRole('listitem', { name: 'Holiday' });
    await card.getByRole('button', { name: 'Save automatically' }).click();
    const auto = card.getByRole('form', { name: 'Save automatically into Holiday' });
    await auto.getByLabel(/^Amount each time/).fill('50');
    await auto.getByLabel('How often').selectOption('weekly');
    await auto.getByRole('button', { name: 'Schedule it' }).click();
    await page.getByText(/^Scheduled ₹50\.00 weekly, next on/).waitFor();

    // Both start today: the dashboard lists them in the next 7 days.
    await nav('Dashboard');
    const upcoming = page.getByRole('list', { name: 'Upcoming payments' });
    await upcoming.getByText(`to account ${ravi}`).waitFor();
    await upcoming.getByText('to a savings goal').first().waitFor();
    await page.screenshot({ path: `${OUT}schedule-dashboard.png`, fullPage: true });

    await nav('Scheduled');
    const rows = page.getByTestId('schedule');
    await expect.poll(() => rows.count()).toBe(2);
    const topUp = rows.filter({ hasText: 'to a savings goal' });
    const rent = rows.filter({ hasText: `to account ${ravi}` });
    await topUp.getByRole('button', { name: 'Pause' }).click();
    await topUp
      .getByTestId('schedule-status')
      .filter({ hasText: /^paused/ })
      .waitFor();
    await rent.getByRole('button', { name: 'Cancel' }).click();
    await rent
      .getByTestId('schedule-status')
      .filter({ hasText: /^cancelled · cancelled by you/ })
      .waitFor();
    await topUp.getByRole('button', { name: 'Resume' }).waitFor();
    await page.screenshot({ path: `${OUT}schedule-list.png`, fullPage: true });
    expect(consoleWatch.errors).toEqual([]);
  });
});
