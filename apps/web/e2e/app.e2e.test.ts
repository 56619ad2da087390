import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { ConsoleWatch, launchChromium } from './browser.ts';
import { checkPage, DESKTOP, loaded, nav, PHONE } from './checks.ts';
import { createGoal, type Person, receiptShows, signUp as signUpAs } from './flows.ts';
import { startServer, type TestServer } from './server.ts';

const OUT = fileURLToPath(new URL('../test-output/', import.meta.url));
const ASHA = {
  name: 'Asha Rao',
  phone: '9876543210',
  password: 'Violet-Harbour-42',
  newPassword: 'Amber-Lantern-77',
};
const BINA = { name: 'Bina Kapoor', phone: '9123456789', password: 'Quiet-Meadow-58' };

let server: TestServer;
let browser: Browser;
let asha: Page;
let bina: Page;
let ashaAccount = 0;
let binaAccount = 0;
const consoleWatch = new ConsoleWatch();
/** The idempotency key of every payments.transfer request Asha's browser sent. */
const transferKeys: string[] = [];

function recordTransfer(req: Request): void {
  if (req.method() !== 'POST' || !req.url().includes('payments.transfer')) return;
  const body: unknown = JSON.parse(req.postData() ?? 'null');
  const first = typeof body === 'object' && body !== null ? Object.values(body)[0] : undefined;
  const key =
    typeof first === 'object' && first !== null && 'idempotencyKey' in first
      ? first.idempotencyKey
      : undefined;
  transferKeys.push(String(key));
}

const waitText = (page: Page, text: string | RegExp) => page.getByText(text).first().waitFor();

/** Waits until the card's progress bar shows this percentage (after the refetch). */
const progressIs = (card: Locator, pct: number) =>
  card.locator(`[role="progressbar"][aria-valuenow="${pct}"]`).waitFor();

async function balanceIs(page: Page, shown: string): Promise<void> {
  await nav(page, 'Dashboard');
  await page.getByTestId('balance').filter({ hasText: shown }).waitFor();
}

const signUp = (page: Page, who: Person) => signUpAs(page, server.url, who);

/** Fills the amount, reviews, confirms, waits for the receipt, then goes back to pay Bina again. */
async function payBina(page: Page, amount: string, shown: string, balance: string): Promise<void> {
  await page.getByTestId('payee').waitFor();
  await page.getByLabel(/^Amount/).fill(amount);
  await page.getByRole('button', { name: 'Review pay' }).click();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await receiptShows(page, `Sent ${shown} to Bina K.`, balance);
  await page.getByRole('button', { name: 'Pay again' }).click();
}

/** axe-core finds nothing on the page as it is now. */
async function noAxeViolations(page: Page, label: string): Promise<void> {
  await loaded(page);
  expect(await axeViolations(page, label)).toEqual([]);
}

describe('Quickpay in a real browser', () => {
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    asha = await (await browser.newContext({ acceptDownloads: true, viewport: DESKTOP })).newPage();
    bina = await (await browser.newContext({ viewport: DESKTOP })).newPage();
    for (const [page, name] of [
      [asha, 'asha'],
      [bina, 'bina'],
    ] as const) {
      page.setDefaultTimeout(30_000); // generous: CI runs other suites on the same 2 cores
      consoleWatch.watch(page, name);
    }
    asha.on('request', recordTransfer);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('two people sign up and each gets an account number', async () => {
    binaAccount = await signUp(bina, BINA);
    ashaAccount = await signUp(asha, ASHA);
    expect(binaAccount).toBeGreaterThanOrEqual(1000);
    expect(ashaAccount).toBe(binaAccount + 1);
    await asha.getByTestId('balance').filter({ hasText: '₹0.00' }).waitFor();
  });

  it('Asha deposits after a review step, and gets a receipt', async () => {
    await nav(asha, 'Pay');
    await noAxeViolations(asha, 'pay (desktop)');
    await asha.getByLabel('Deposit', { exact: true }).check();
    await asha.getByLabel(/^Amount/).fill('₹1,000.50');
    await asha.getByRole('button', { name: 'Review deposit' }).click();
    await asha.getByTestId('review-balance').filter({ hasText: '₹1,000.50' }).waitFor();
    await asha.getByRole('button', { name: 'Confirm' }).click();
    await receiptShows(asha, 'Deposited ₹1,000.50', '₹1,000.50');
    await asha.getByRole('button', { name: 'Done' }).click();
    await asha.getByTestId('pay-balance').filter({ hasText: '₹1,000.50' }).waitFor();
  });

  it('Asha pays Bina: the payee is looked up as typed, Enter in the note only reviews, Confirm pays', async () => {
    await asha.getByLabel('Send to someone').check();
    await asha.getByLabel('Account number').fill(String(ashaAccount));
    await waitText(asha, 'That is your own account number. To put money aside, use Goals.');
    await asha.getByLabel('Account number').fill(String(binaAccount));
    const payee = await asha.getByTestId('payee').textContent();
    expect(payee).toBe(`Account ${binaAccount}: Bina K.`);
    await asha.getByLabel(/^Amount/).fill('250.25');
    await asha.getByLabel('Note (optional)').fill('Rent share');
    await asha.screenshot({ path: `${OUT}pay.png`, fullPage: true });
    const before = transferKeys.length;
    await asha.getByLabel('Note (optional)').press('Enter');
    const review = asha.getByRole('region', { name: 'Check before you pay' });
    await review.getByTestId('review-payee').filter({ hasText: 'Bina K.' }).waitFor();
    await review.getByText('Rent share').waitFor();
    await review.getByTestId('review-balance').filter({ hasText: '₹750.25' }).waitFor();
    await noAxeViolations(asha, 'pay review (desktop)');
    expect(transferKeys.length).toBe(before); // Enter reviewed; nothing was sent

    // Edit goes back with everything kept.
    await review.getByRole('button', { name: 'Edit' }).click();
    expect(await asha.getByLabel(/^Amount/).inputValue()).toBe('250.25');
    await asha.getByRole('button', { name: 'Review pay' }).click();
    await asha.getByRole('button', { name: 'Confirm' }).click();
    await receiptShows(asha, 'Sent ₹250.25 to Bina K.', '₹750.25');
    const reference = await asha.getByTestId('reference').textContent();
    expect(reference).toMatch(/\S{8,}/);
    await asha.screenshot({ path: `${OUT}pay-receipt.png`, fullPage: true });
    await noAxeViolations(asha, 'pay receipt (desktop)');
    // Bina is new to Asha: the receipt offers to save her (the Contacts test does that).
    await asha.getByRole('button', { name: 'Add to payees' }).waitFor();
    await asha.getByRole('button', { name: 'Pay again' }).click();
    // The form was cleared, the payee kept.
    expect(await asha.getByLabel(/^Amount/).inputValue()).toBe('');
    expect(await asha.getByLabel('Note (optional)').inputValue()).toBe('');
    await asha.getByTestId('payee').waitFor();
  });

  it('payees are a searchable list, recent first', async () => {
    const list = asha.getByRole('region', { name: 'Your payees' });
    await list.getByLabel('Search payees').fill('zzz');
    await list.getByText('No payee matches').waitFor();
    await list.getByLabel('Search payees').fill(String(binaAccount).slice(0, 3));
    await list.getByRole('button', { name: /Bina Kapoor/ }).click();
    await asha.getByTestId('payee').waitFor();
  });

  it('a double-clicked Confirm button moves the money once', async () => {
    const before = transferKeys.length;
    await asha.getByLabel(/^Amount/).fill('10');
    await asha.getByRole('button', { name: 'Review pay' }).click();
    await asha.getByRole('button', { name: 'Confirm' }).dblclick();
    await receiptShows(asha, 'Sent ₹10.00 to Bina K.', '₹740.25');
    expect(transferKeys.length - before).toBe(1);
    await balanceIs(asha, '₹740.25');
  });

  it('a payment whose answer is lost is checked with the same key and shown as done, once', async () => {
    await nav(asha, 'Pay');
    await asha.getByLabel('Account number').fill(String(binaAccount));
    await asha.getByLabel(/^Amount/).fill('20');
    await asha.getByRole('button', { name: 'Review pay' }).click();
    const before = transferKeys.length;
    let dropped = 0;
    // The first request reaches the server (the money moves), but its answer never arrives.
    await asha.route('**/trpc/payments.transfer**', async (route) => {
      if (dropped++ > 0) return route.continue();
      await route.fetch();
      await route.abort('connectionreset');
    });
    await consoleWatch.allowing(/ERR_CONNECTION_RESET|Failed to fetch/, async () => {
      await asha.getByRole('button', { name: 'Confirm' }).click();
      await receiptShows(asha, 'Sent ₹20.00 to Bina K.', '₹720.25');
    });
    await asha.unroute('**/trpc/payments.transfer**');
    await waitText(asha, 'The connection dropped, so we checked: this went through, once.');
    const keys = transferKeys.slice(before);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    await balanceIs(asha, '₹720.25');
  });

  it('a savings goal is funded, shows its progress and is closed with a refund', async () => {
    await nav(asha, 'Goals');
    await createGoal(asha, { name: 'Holiday', target: '5000' });
    const card = asha.getByRole('listitem', { name: 'Holiday' });
    await card.getByLabel('Amount for Holiday').fill('100');
    await card.getByRole('button', { name: 'Add money' }).click();
    await waitText(asha, 'Added ₹100.00 to Holiday.');
    await progressIs(card, 2);
    // Taking out more than the goal holds is about the goal, not the account.
    await consoleWatch.allowing(/status of 412/, async () => {
      await card.getByLabel('Amount for Holiday').fill('500');
      await card.getByRole('button', { name: 'Withdraw' }).click();
      await waitText(asha, 'Holiday has only ₹100.00 saved.');
    });
    await balanceIs(asha, '₹620.25');

    await nav(asha, 'Goals');
    await card.getByRole('button', { name: 'Close goal' }).click();
    await card.getByRole('button', { name: 'Yes, close it' }).click();
    await waitText(asha, 'Holiday is closed; ₹100.00 went back to your account.');
    await balanceIs(asha, '₹720.25');
  });

  it('a goal is edited and keeps its money', async () => {
    await nav(asha, 'Goals');
    await createGoal(asha, { name: 'Laptop', target: '800' });
    const card = asha.getByRole('listitem', { name: 'Laptop' });
    await card.getByLabel('Amount for Laptop').fill('200');
    await card.getByRole('button', { name: 'Add money' }).click();
    await waitText(asha, 'Added ₹200.00 to Laptop.');
    await progressIs(card, 25);
    await card.getByRole('button', { name: 'Edit' }).click();
    await card.getByLabel('Target amount').fill('1000');
    await card.getByRole('button', { name: 'Save changes' }).click();
    await progressIs(card, 20);
    await checkPage(asha, 'goals', OUT);
    await balanceIs(asha, '₹520.25');
  });

  it('a contact is added after a lookup and paid from the contact list', async () => {
    await nav(asha, 'Contacts');
    await asha.getByLabel('Their account number').fill(String(binaAccount));
    await asha.getByRole('button', { name: 'Look up' }).click();
    await waitText(asha, `Account ${binaAccount}: Bina K.`);
    await asha.getByLabel('Nickname').fill('Bina');
    await asha.getByLabel('Relation (optional)').fill('Sister');
    await asha.getByRole('button', { name: 'Add contact' }).click();
    await waitText(asha, 'Bina was added to your contacts.');
    await checkPage(asha, 'contacts', OUT);

    await asha.getByRole('link', { name: 'Pay Bina' }).click();
    await asha.getByTestId('payee').waitFor();
    await payBina(asha, '5', '₹5.00', '₹515.25');
  });

  it('after the recent-auth window a payment asks for the password and retries with the same key', async () => {
    server.advanceClock(6 * 60_000);
    const before = transferKeys.length;
    // The refused first attempt is a 403 the browser logs itself; only that line is allowed here.
    await consoleWatch.allowing(/status of 403/, async () => {
      await asha.getByLabel(/^Amount/).fill('1');
      await asha.getByRole('button', { name: 'Review pay' }).click();
      await asha.getByRole('button', { name: 'Confirm' }).click();
      const dialog = asha.getByRole('dialog', { name: 'Confirm your password' });
      await dialog.getByLabel('Password').fill(ASHA.password);
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      await receiptShows(asha, 'Sent ₹1.00 to Bina K.', '₹514.25');
    });
    const keys = transferKeys.slice(before);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it('history is a feed by day; filters apply at once, live in the URL and survive a reload', async () => {
    await nav(asha, 'History');
    const feed = asha.getByRole('region', { name: 'Transactions' });
    const rows = feed.getByRole('listitem');
    // deposit, 5 transfers, 2 goal deposits, 1 goal refund — all today
    await expect.poll(() => rows.count()).toBe(9);
    await feed.getByRole('heading', { name: 'Today' }).waitFor();
    await checkPage(asha, 'history', OUT);

    await asha.getByLabel('Type').selectOption('transfer');
    await expect.poll(() => rows.count()).toBe(5);
    expect(new URL(asha.url()).search).toBe('?kind=transfer');
    await asha.getByLabel('Search').fill('rent');
    await expect.poll(() => rows.count()).toBe(1);
    await asha.waitForURL('**/history?kind=transfer&q=rent');
    await asha.reload();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await asha.getByLabel('Type').inputValue()).toBe('transfer');
    expect(await asha.getByLabel('Search').inputValue()).toBe('rent');

    // A row opens its detail; Back returns to the same filtered list.
    await rows.first().getByRole('link').click();
    const detail = asha.getByRole('region', { name: `To Bina Kapoor (${binaAccount})` });
    await detail.getByText('Rent share').waitFor();
    await detail.getByText('₹750.25').waitFor(); // balance after
    await detail.getByRole('link', { name: 'Pay again' }).waitFor();
    await checkPage(asha, 'history-detail', OUT);
    await asha.getByRole('link', { name: 'Back to history' }).click();
    await asha.waitForURL('**/history?kind=transfer&q=rent');
    await asha.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows.count()).toBe(9);
    expect(new URL(asha.url()).search).toBe('');
    await asha.getByLabel('Type').selectOption('transfer');
    await expect.poll(() => rows.count()).toBe(5);

    const [download] = await Promise.all([
      asha.waitForEvent('download'),
      asha.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^quickpay-history-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = readFileSync(await download.path(), 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('date,type,description,note,amount,balance_after,currency,id');
    const csv = lines.slice(1).map((l) => l.split(','));
    expect(csv.map((r) => r[4])).toEqual(['-1.00', '-5.00', '-20.00', '-10.00', '-250.25']);
    expect(
      csv.every((r) => r[1] === 'Transfer' && r[2] === `To Bina Kapoor (${binaAccount})`),
    ).toBe(true);
  });

  it('the dashboard shows the balance, month totals, goals and contacts', async () => {
    await balanceIs(asha, '₹514.25');
    // This month leaves out the ₹300 moved into goals and the ₹100 refund from one.
    const month = asha.getByRole('region', { name: 'This month' });
    await month.getByText('+₹1,000.50').waitFor();
    await month.getByText('−₹286.25').waitFor();
    const chart = asha.getByRole('slider', { name: 'Money in and out over the last 12 months' });
    const year = new Date().getFullYear();
    const monthName = new Intl.DateTimeFormat('en-IN', { month: 'long' }).format(new Date());
    expect(await chart.getAttribute('aria-valuetext')).toBe(
      `${monthName} ${year}: in ₹1,000.50, out ₹286.25`,
    );
    await chart.focus();
    await asha.keyboard.press('ArrowLeft');
    expect(await chart.getAttribute('aria-valuetext')).toMatch(/: in ₹0\.00, out ₹0\.00$/);
    await asha.keyboard.press('End');
    await asha.getByRole('progressbar', { name: 'Laptop progress' }).waitFor();
    await waitText(asha, 'Bina');
    await checkPage(asha, 'dashboard', OUT);
    // The same page on a phone-sized screen.
    await asha.setViewportSize(PHONE);
    await checkPage(asha, 'dashboard', OUT);
    await asha.setViewportSize(DESKTOP);
  });

  it('Asha changes her password, logs out and logs in again with the new one', async () => {
    await nav(asha, 'Profile');
    await asha.getByLabel('Current password').fill(ASHA.password);
    await asha.getByLabel('New password', { exact: true }).fill(ASHA.newPassword);
    await asha.getByLabel('New password again').fill(ASHA.newPassword);
    await asha.getByRole('button', { name: 'Change password' }).click();
    await waitText(asha, 'Password changed.');
    await asha.getByRole('button', { name: 'Log out of this device' }).click();
    await asha.waitForURL('**/login');
    await asha.getByLabel('Account number or phone').fill(String(ashaAccount));
    await asha.getByLabel('Password').fill(ASHA.newPassword);
    await asha.getByRole('button', { name: 'Log in' }).click();
    await asha.waitForURL('**/dashboard');
    await asha.getByTestId('balance').filter({ hasText: '₹514.25' }).waitFor();
  });

  it('Asha turns SMS alerts on and ends her session on another device', async () => {
    const other = await (await browser.newContext()).newPage();
    other.setDefaultTimeout(30_000);
    consoleWatch.watch(other, 'asha-other-device');
    await other.goto(`${server.url}/login`);
    await other.getByLabel('Account number or phone').fill(ASHA.phone);
    await other.getByLabel('Password').fill(ASHA.newPassword);
    await other.getByRole('button', { name: 'Log in' }).click();
    await other.waitForURL('**/dashboard');
    await other.goto(`${server.url}/history?kind=transfer`);
    await other
      .getByRole('region', { name: 'Transactions' })
      .getByRole('listitem')
      .first()
      .waitFor();

    await nav(asha, 'Profile');
    await asha.getByLabel('Text me when money arrives (SMS alerts)').check();
    await waitText(asha, 'SMS alerts are on.');
    await checkPage(asha, 'profile', OUT);
    const sessions = asha.getByRole('region', { name: 'Where you are logged in' });
    // This device first, each named from its User-Agent (bowser), with when it was last used.
    const first = sessions.getByRole('listitem').first();
    await first.getByText('· this device').waitFor();
    expect(await first.getAttribute('aria-label')).toMatch(/^Chrome \d+ on Linux$/);
    await first.getByText(/^Last active /).waitFor();
    // From ending a session on, the other device's live stream and calls are refused:
    // the browser logs those 401s itself.
    await consoleWatch.allowing(/status of 401/, async () => {
      await sessions.getByRole('button', { name: 'End session' }).click();
      await sessions.getByText(/^End the session on Chrome \d+ on Linux\?/).waitFor();
      await checkPage(asha, 'profile-end-session', OUT);
      await sessions.getByRole('button', { name: 'Yes, end it' }).click();
      await waitText(asha, 'That session has ended.');
      await expect
        .poll(() => sessions.getByRole('button', { name: 'End session' }).count())
        .toBe(0);

      // The ended session stops working at once; the page says why, and after logging in
      // again the person is back on the page they were on, filters and all.
      await other.waitForURL('**/login', { timeout: 15_000 }).catch(() => other.reload());
      await other.waitForURL('**/login');
      await other.getByText(/signed out/).waitFor();
      await other.getByLabel('Account number or phone').fill(ASHA.phone);
      await other.getByLabel('Password').fill(ASHA.newPassword);
      await other.getByRole('button', { name: 'Log in' }).click();
      await other.waitForURL(/\/(history\?kind=transfer|dashboard)$/);
      await other.screenshot({ path: `${OUT}session-ended-back.png` });
      expect(new URL(other.url()).pathname).toBe('/history');

      // "Log out all other devices", after a confirmation.
      await asha.reload();
      await sessions.getByRole('button', { name: 'Log out all other devices' }).click();
      await sessions.getByRole('button', { name: 'Yes, log them out' }).click();
      await waitText(asha, 'Logged out of 1 other device.');
      await other.waitForURL('**/login', { timeout: 15_000 }).catch(() => other.reload());
      await other.waitForURL('**/login');
      await other.context().close(); // inside: its last refused calls may still be logged
    });
  });

  it('a contact is renamed and then removed', async () => {
    await nav(asha, 'Contacts');
    const row = asha.getByRole('listitem', { name: 'Bina' });
    await row.getByRole('button', { name: 'Edit' }).click();
    await row.getByLabel('Nickname').fill('Bina Didi');
    await row.getByRole('button', { name: 'Save' }).click();
    const renamed = asha.getByRole('listitem', { name: 'Bina Didi' });
    await renamed.getByText('Sister').waitFor();
    asha.once('dialog', (d) => void d.accept());
    await renamed.getByRole('button', { name: 'Remove' }).click();
    await waitText(asha, 'No contacts yet.');
  });

  it('an expired access token is renewed with the refresh cookie on the next visit', async () => {
    server.advanceClock(16 * 60_000);
    // The expired token's 401 is logged by the browser itself; only that line is allowed here.
    await consoleWatch.allowing(/status of 401/, async () => {
      for (const page of [asha, bina]) {
        await page.goto(`${server.url}/dashboard`);
        await page.getByTestId('balance').waitFor();
      }
    });
    await asha.getByTestId('balance').filter({ hasText: '₹514.25' }).waitFor();
    expect(asha.url()).toMatch(/\/dashboard$/);
  });

  it('Bina sees the incoming money', async () => {
    await nav(bina, 'Dashboard');
    await bina.getByTestId('balance').filter({ hasText: '₹286.25' }).waitFor();
    await waitText(bina, /^From Asha/);
  });

  it('Bina resets a forgotten password with the code from the SMS and logs in by phone', async () => {
    await bina.getByRole('button', { name: 'Log out' }).click();
    await bina.waitForURL('**/login');
    await bina.getByRole('link', { name: 'Forgot your password?' }).click();
    await bina.getByLabel('Mobile phone').fill(BINA.phone);
    await bina.getByRole('button', { name: 'Text me a code' }).click();
    await waitText(bina, /a code is on its way/);
    const sms = await server.lastSms(`+91${BINA.phone}`);
    const code = /\b(\d{6})\b/.exec(sms ?? '')?.[1];
    expect(code).toMatch(/^\d{6}$/);
    await bina.getByLabel('Code from the SMS').fill(code ?? '');
    await bina.getByLabel('New password').fill('Silver-Orchard-93');
    await bina.getByRole('button', { name: 'Set new password' }).click();
    await bina.getByRole('link', { name: 'Log in with your new password' }).click();
    await bina.getByLabel('Account number or phone').fill(BINA.phone);
    await bina.getByLabel('Password').fill('Silver-Orchard-93');
    await bina.getByRole('button', { name: 'Log in' }).click();
    await bina.getByTestId('balance').filter({ hasText: '₹286.25' }).waitFor();
  });

  it('no page logged a console error', () => {
    expect(consoleWatch.errors).toEqual([]);
  });
});
