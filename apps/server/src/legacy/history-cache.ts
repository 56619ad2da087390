import type { Store } from '@quickpay/db';

/** A JSON text sent as it is (a page built around a cached history array). */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * What identifies one user's history: the all-time sums in and out of the account.
 * Transfers are append-only and never change, and each has a positive amount, so any
 * new one changes a sum, even one that becomes visible out of order (as concurrent
 * MongoDB transactions may commit).
 */
export interface HistoryKey {
  accountNumber: number;
  income: number;
  expense: number;
}

const keyOf = (k: HistoryKey) => `${k.income}|${k.expense}`;

/** The cache's bound, in UTF-16 code units (~2 bytes each at most); ~96 KB per 500 lines. */
const MAX_CHARS = 4_000_000;

/**
 * The legacy history pages' `transactions` array as JSON text, per account, rebuilt only
 * when the user's history changed. In-process; the key is read from the store on every
 * request, so several server instances never serve a stale page. Least recently used
 * entries go first once the bound is reached.
 */
export class LegacyHistoryCache {
  private readonly entries = new Map<number, { key: string; json: string }>();
  private chars = 0;

  get(k: HistoryKey): string | undefined {
    const hit = this.entries.get(k.accountNumber);
    if (!hit || hit.key !== keyOf(k)) return undefined;
    // Re-inserting keeps the Map in least-recently-used order.
    this.entries.delete(k.accountNumber);
    this.entries.set(k.accountNumber, hit);
    return hit.json;
  }

  set(k: HistoryKey, json: string): void {
    this.drop(k.accountNumber);
    if (json.length > MAX_CHARS) return;
    this.entries.set(k.accountNumber, { key: keyOf(k), json });
    this.chars += json.length;
    for (const [accountNumber] of this.entries) {
      if (this.chars <= MAX_CHARS) break;
      this.drop(accountNumber);
    }
  }

  private drop(accountNumber: number): void {
    const old = this.entries.get(accountNumber);
    if (!old) return;
    this.entries.delete(accountNumber);
    this.chars -= old.json.length;
  }
}

const caches = new WeakMap<Store, LegacyHistoryCache>();

/** One cache per store, so two apps in one process (tests) never share entries. */
export function historyCacheFor(store: Store): LegacyHistoryCache {
  let cache = caches.get(store);
  if (!cache) {
    cache = new LegacyHistoryCache();
    caches.set(store, cache);
  }
  return cache;
}

/** `head` serialized, with `field` set to the JSON array text `array` (spliced in, not re-parsed). */
export function withJsonArray(
  head: Record<string, unknown>,
  field: string,
  array: string,
): RawJson {
  const text = JSON.stringify(head);
  const sep = text === '{}' ? '' : ',';
  return new RawJson(`${text.slice(0, -1)}${sep}${JSON.stringify(field)}:${array}}`);
}
