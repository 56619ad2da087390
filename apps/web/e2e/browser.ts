import { type Browser, type ConsoleMessage, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, never a downloaded browser; flags keep it off the (closed) network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Collects console errors and uncaught page errors. A test may allow, for one step,
 * the browser's own line about an HTTP status it provokes on purpose (a 403 asking
 * for the password again); anything else fails the test.
 */
export class ConsoleWatch {
  readonly errors: string[] = [];
  private allowed: RegExp[] = [];

  watch(page: Page, name: string): void {
    page.on('console', (msg: ConsoleMessage) => {
      if (msg.type() !== 'error') return;
      const text = msg.text();
      if (this.allowed.some((re) => re.test(text))) return;
      this.errors.push(`${name}: ${text}`);
    });
    page.on('pageerror', (err) => this.errors.push(`${name}: uncaught ${err.message}`));
  }

  async allowing<T>(pattern: RegExp, step: () => Promise<T>): Promise<T> {
    this.allowed.push(pattern);
    try {
      return await step();
    } finally {
      this.allowed = this.allowed.filter((p) => p !== pattern);
    }
  }
}
