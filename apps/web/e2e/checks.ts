import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { axeViolations } from './axe.ts';

export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };

/**
 * Visible controls smaller than 44 × 44 CSS px (text inputs: 44 px tall). A radio or
 * checkbox counts by its label, which is what a finger taps.
 */
export function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('a[href], button, input, select')) {
      const r = el.getBoundingClientRect();
      if (
        r.width === 0 ||
        r.height === 0 ||
        r.right <= 0 ||
        getComputedStyle(el).visibility === 'hidden'
      )
        continue;
      let box = r;
      const type = el.getAttribute('type');
      if (type === 'radio' || type === 'checkbox')
        box = el.closest('label')?.getBoundingClientRect() ?? r;
      const textInput = el.tagName === 'INPUT' || el.tagName === 'SELECT';
      // Links inside running text are sized by the text, as WCAG 2.5.8 allows.
      if (el.tagName === 'A' && el.closest('p')) continue;
      if (box.height < 43.5 || (!textInput && box.width < 43.5)) {
        const name = (
          el.getAttribute('aria-label') ??
          el.textContent ??
          el.getAttribute('name') ??
          ''
        ).trim();
        out.push(
          `${el.tagName.toLowerCase()} "${name.slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`,
        );
      }
    }
    return out;
  });
}

/** axe finds nothing; on a phone every control is a 44 px target; a screenshot is kept. */
export async function checkPage(page: Page, label: string, out: string): Promise<void> {
  await loaded(page);
  const phone = (page.viewportSize()?.width ?? 1280) < 641;
  const size = phone ? 'phone' : 'desktop';
  expect(await axeViolations(page, `${label} (${size})`)).toEqual([]);
  if (phone) expect(await smallTargets(page)).toEqual([]);
  await page.screenshot({ path: `${out}${label}-${size}.png`, fullPage: true });
}

/**
 * Goes to a signed-in page: by the tab bar, or through "More" when it is not on the bar.
 * Returns once the page has drawn (its chunk loaded, its heading shown), so a check that
 * follows never sees the "Loading the page…" placeholder.
 */
export async function nav(page: Page, name: string): Promise<void> {
  let link = page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name, exact: true });
  if (!(await link.isVisible())) {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'More' })
      .click();
    link = page.getByRole('dialog', { name: 'More' }).getByRole('link', { name, exact: true });
  }
  const path = new URL((await link.getAttribute('href')) ?? '/', page.url()).pathname;
  await link.click();
  await page.waitForURL((url) => url.pathname === path);
  await loaded(page);
  await page.locator('main h1').first().waitFor();
}

/** No "Loading …" placeholder is showing (a page's chunk, the profile, a list). */
export async function loaded(page: Page): Promise<void> {
  await page
    .getByRole('status')
    .filter({ hasText: /^Loading / })
    .first()
    .waitFor({ state: 'detached' });
}
