/**
 * The auth cookies are httpOnly, so the page cannot see them. This flag (no secret
 * in it) remembers that a log-in happened in this browser, so a first visit goes
 * straight to the log-in page instead of asking the API and getting a 401.
 */
const KEY = 'quickpay.signedIn';

export const signedIn = {
  get(): boolean {
    try {
      return localStorage.getItem(KEY) === '1';
    } catch {
      return true; // storage blocked: ask the API instead
    }
  },
  set(on: boolean): void {
    try {
      if (on) localStorage.setItem(KEY, '1');
      else localStorage.removeItem(KEY);
    } catch {
      // storage blocked: nothing to remember
    }
  },
};
