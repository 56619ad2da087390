/** How long the app may sit untouched before it locks; the person picks it in Profile. */
const KEY = 'quickpay.idleLockMinutes';
export const IDLE_CHOICES = [1, 2, 5, 15, 0] as const; // 0: never
export const DEFAULT_IDLE_MINUTES = 5;

export function idleMinutes(): number {
  try {
    const v = Number(localStorage.getItem(KEY));
    return localStorage.getItem(KEY) !== null && IDLE_CHOICES.some((c) => c === v)
      ? v
      : DEFAULT_IDLE_MINUTES;
  } catch {
    return DEFAULT_IDLE_MINUTES;
  }
}

export function setIdleMinutes(minutes: number): void {
  try {
    localStorage.setItem(KEY, String(minutes));
    window.dispatchEvent(new Event('quickpay:idle-lock'));
  } catch {
    // storage blocked: the default stays
  }
}
