import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeGoalPlan, formatDay, goalPlan, localDay } from '../src/lib/goal-plan.ts';
import { formatMoney } from '../src/lib/money.ts';
import { ConsoleWatch, launchChromium } from './browser.ts';
import { checkPage, DESKTOP, nav, PHONE } from './checks.ts';
import { createGoal, receiptShows } from './flows.ts';
import { startServer, type TestServer } from './server.ts';

/**
 * Issue 15, items 6 and 7 at phone and desktop size: errors that fit the action (a
 * password rule on its field, a wrong current password on its field, "₹ 1,500.50" as
 * an amount, too much from a goal named as the goal's), and the Goals page (the form in
 * a sheet, "save ₹X a month", closed goals read as closed, notices that clear, focus
 * after closing a goal). axe and a screenshot on each page touched.
 */
const OUT = fileURLToPath(new URL('../test-output/', import.meta.url));
const STRONG = 'Saffron-Lantern-83';
const NEW_STRONG = 'Juniper-Orchard-29';

let server: TestServer;
let browser: Browser;
const consoleWatch = new ConsoleWatch();

/** A date three months from today, 'YYYY-MM-DD' (day 28 at most, so every month has it). */
function inThreeMonths(): string {
  const d = new Date();
  const t = new Date(d.getFullYear(), d.getMonth() + 3, Math.min(d.getDate(), 28));
  return localDay(t);
}

/** The described-by error of a labelled field, once it is shown. */
async function fieldError(page: Page, label: string | RegExp): Promise<string> {
  const input = page.getByLabel(label, { exact: typeof label === 'string' });
  await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
  const ids = (await input.getAttribute('aria-describedby')) ?? '';
  const errorId = ids.split(' ').find((id) => id.endsWith('-error'));
  return (await page.locator(`[id="${errorId}"]`).textContent()) ?? '';
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

const noticeIn = (scope: Page | Locator, text: string) =>
  scope.getByRole('status').filter({ hasText: text });

describe.each([
  ['phone', PHONE, { name: 'Meera Raghunathan', phone: '9811100001' }],
  ['desktop', DESKTOP, { name: 'Kavya Raghunathan', phone: '9811100002' }],
] as const)('errors that tell the truth and the Goals page (%s)', (size, viewport, who) => {
  let page: Page;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    server ??= await startServer();
    browser ??= await launchChromium();
    page = await (await browser.newContext({ viewport })).newPage();
    page.setDefaultTimeout(30_000);
    consoleWatch.watch(page, `${who.name} (${size})`);
  });

  afterAll(async () => {
    await page.context().close();
    if (size === 'desktop') {
      await browser?.close();
      await server?.close();
    }
  });

  it('sign-up says which password rule failed, on the password field', async () => {
    await page.goto(`${server.url}/signup`);
    await page.getByLabel('Full name').fill(who.name);
    await page.getByLabel('Mobile phone').fill(who.phone);
    await page.getByLabel('Password', { exact: true }).fill('Raghunathan77');
    await consoleWatch.allowing(/status of 400/, async () => {
      await page.getByRole('button', { name: 'Sign up' }).click();
      expect(await fieldError(page, 'Password')).toMatch(/Leave your name .* out of the password/);
    });
    await checkPage(page, `webux-signup-weak`, OUT);
    await page.getByLabel('Password', { exact: true }).fill(STRONG);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL('**/dashboard');
    await page
      .getByText(/A\/c \d+/)
      .first()
      .waitFor();
  });

  it('"₹ 1,500.50" is an amount, and your own account number on Pay is named as yours', async () => {
    await nav(page, 'Pay');
    await page.getByRole('radio', { name: 'Deposit' }).check();
    await page.getByLabel(/^Amount \(/).fill('₹ 1,500.50');
    await page.getByRole('button', { name: 'Review deposit' }).click();
    await page.getByText('₹1,500.50', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await receiptShows(page, 'Deposited ₹1,500.50', '₹1,500.50');

    await page.getByRole('button', { name: 'Done' }).click();
    const header = await page
      .getByText(/A\/c \d+/)
      .first()
      .textContent();
    const own = /A\/c (\d+)/.exec(header ?? '')?.[1] ?? '';
    await page.getByRole('radio', { name: 'Send to someone' }).check();
    await page.getByLabel('Account number').fill(own);
    expect(await fieldError(page, 'Account number')).toBe(
      'That is your own account number. To put money aside, use Goals.',
    );
  });

  it('a goal is created in a sheet and says what to save a month, by a formatted date', async () => {
    await nav(page, 'Goals');
    await page.getByRole('heading', { name: 'Savings goals' }).waitFor();
    await page.getByRole('button', { name: 'New goal' }).click();
    const sheet = page.getByRole('dialog', { name: 'New goal' });
    await sheet.getByLabel('Goal name').waitFor();
    await checkPage(page, 'webux-goal-sheet', OUT);
    await sheet.getByRole('button', { name: 'Close' }).click();
    await sheet.waitFor({ state: 'hidden' });

    const date = inThreeMonths();
    await createGoal(page, { name: 'Holiday', target: '₹12,000', date });
    await noticeIn(page, 'Holiday is set up.').waitFor();
    const holiday = page.getByRole('listitem', { name: 'Holiday', exact: true });
    const plan = describeGoalPlan(
      goalPlan({ savedAmount: 0, targetAmount: 1_200_000, targetDate: date }, localDay()),
      (n) => formatMoney(n),
      formatDay(date),
    );
    expect(plan).toMatch(/^Save ₹[\d,.]+ a month to reach it by \d{1,2} \w{3} \d{4}\.$/);
    await holiday.getByTestId('goal-plan').filter({ hasText: plan }).waitFor();
    await holiday.getByText(`· by ${formatDay(date)}`).waitFor();

    await createGoal(page, { name: 'Laptop', target: '800' });
    const laptop = page.getByRole('listitem', { name: 'Laptop', exact: true });
    await laptop.getByTestId('goal-plan').filter({ hasText: '₹800.00 to go.' }).waitFor();
  });

  it('notices clear on the next action; too much from a goal is about the goal', async () => {
    const holiday = page.getByRole('listitem', { name: 'Holiday', exact: true });
    await holiday.getByLabel('Amount for Holiday').fill('₹1,000');
    await holiday.getByRole('button', { name: 'Add money' }).click();
    await noticeIn(holiday, 'Added ₹1,000.00 to Holiday.').waitFor();
    // The page's "Laptop is set up" notice went with the next action.
    expect(await noticeIn(page, 'is set up.').count()).toBe(0);
    await consoleWatch.allowing(/status of 412/, async () => {
      await holiday.getByLabel('Amount for Holiday').fill('5000');
      await holiday.getByRole('button', { name: 'Withdraw' }).click();
      await holiday
        .getByRole('alert')
        .filter({ hasText: 'Holiday has only ₹1,000.00 saved.' })
        .waitFor();
    });
    expect(await noticeIn(holiday, 'Added ₹1,000.00').count()).toBe(0);
    expect(await page.getByText('Not enough money in the account').count()).toBe(0);
    await checkPage(page, 'webux-goals', OUT);
  });

  it('closing a goal moves focus to the next goal; a closed goal reads as closed', async () => {
    const holiday = page.getByRole('listitem', { name: 'Holiday', exact: true });
    await holiday.getByRole('button', { name: 'Close goal' }).click();
    await holiday.getByRole('button', { name: 'Yes, close it' }).click();
    await noticeIn(page, 'Holiday is closed; ₹1,000.00 went back to your account.').waitFor();
    await expect.poll(() => focusedText(page)).toBe('Laptop');
    await holiday.waitFor({ state: 'detached' });

    await page.getByLabel('Show closed goals').check();
    const closed = page.getByRole('listitem', { name: 'Holiday (closed)' });
    await closed.getByText('Closed', { exact: true }).waitFor();
    expect(await closed.getByRole('button').count()).toBe(0);
    expect(await closed.getByRole('textbox').count()).toBe(0);
    await checkPage(page, 'webux-goals-closed', OUT);

    // The last open goal closed: focus goes to the page heading.
    await page.getByLabel('Show closed goals').uncheck();
    const laptop = page.getByRole('listitem', { name: 'Laptop', exact: true });
    await laptop.getByRole('button', { name: 'Close goal' }).click();
    await laptop.getByRole('button', { name: 'Yes, close it' }).click();
    await noticeIn(page, 'Laptop is closed;').waitFor();
    await expect.poll(() => focusedText(page)).toBe('Savings goals');
  });

  it('profile: a wrong current password and a weak new one are shown on their fields', async () => {
    await nav(page, 'Profile');
    await consoleWatch.allowing(/status of 40[01]/, async () => {
      await page.getByLabel('Current password').fill('not-my-password-1');
      await page.getByLabel('New password', { exact: true }).fill(NEW_STRONG);
      await page.getByLabel('New password again').fill(NEW_STRONG);
      await page.getByRole('button', { name: 'Change password' }).click();
      expect(await fieldError(page, 'Current password')).toBe('That is not your current password.');

      await page.getByLabel('Current password').fill(STRONG);
      await page.getByLabel('New password', { exact: true }).fill('Raghunathan77');
      await page.getByLabel('New password again').fill('Raghunathan77');
      await page.getByRole('button', { name: 'Change password' }).click();
      expect(await fieldError(page, 'New password')).toMatch(/Leave your name/);
      expect(await page.getByLabel('Current password').getAttribute('aria-invalid')).toBeNull();
    });
    await checkPage(page, 'webux-profile-password', OUT);
    expect(consoleWatch.errors).toEqual([]);
  });
});
