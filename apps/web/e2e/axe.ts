import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** Every axe scan of the run, so the suite can print how many pages were checked. */
export const axeScans: string[] = [];

/**
 * Runs axe-core in the page (evaluated through the DevTools protocol, so the app's
 * Content-Security-Policy needs no exception) and returns one line per violation.
 */
export async function axeViolations(page: Page, label: string): Promise<string[]> {
  await page.evaluate(`${AXE_SOURCE}\n;void 0`);
  const results = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document): Promise<AxeResults> } };
    const r = await w.axe.run(document);
    return r.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  });
  axeScans.push(label);
  return results.map((line) => `${label}: ${line}`);
}
