import type { Page } from 'playwright-core';

export interface Person {
  name: string;
  phone: string;
  password: string;
}

/** Signs up through the app's own pages; returns the new account number from the header. */
export async function signUp(page: Page, baseUrl: string, who: Person): Promise<number> {
  await page.goto(`${baseUrl}/`);
  await page.waitForURL('**/login');
  await page.getByRole('link', { name: 'Open an account' }).click();
  await page.getByLabel('Full name').fill(who.name);
  await page.getByLabel('Mobile phone').fill(who.phone);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL('**/dashboard');
  const header = await page
    .getByText(/A\/c \d+/)
    .first()
    .textContent();
  return Number(/A\/c (\d+)/.exec(header ?? '')?.[1]);
}

/** The receipt's heading and the balance it reports. */
export async function receiptShows(page: Page, heading: string, balance: string): Promise<void> {
  const receipt = page.getByRole('region', { name: heading });
  await receipt.waitFor();
  await receipt.getByText(balance, { exact: true }).waitFor();
}

/** Opens the "New goal" sheet on the Goals page, fills it in and creates the goal. */
export async function createGoal(
  page: Page,
  goal: { name: string; target: string; date?: string },
): Promise<void> {
  await page.getByRole('button', { name: 'New goal' }).click();
  const sheet = page.getByRole('dialog', { name: 'New goal' });
  await sheet.getByLabel('Goal name').fill(goal.name);
  await sheet.getByLabel(/^Target \(/).fill(goal.target);
  if (goal.date) await sheet.getByLabel('Target date (optional)').fill(goal.date);
  await sheet.getByRole('button', { name: 'Create goal' }).click();
  await sheet.waitFor({ state: 'hidden' });
}
