/**
 * A random UUID v4. `crypto.randomUUID` exists only in secure contexts (HTTPS or
 * localhost), so on plain HTTP at a LAN address it is built from getRandomValues.
 */
export function newUuid(
  c: Pick<Crypto, 'getRandomValues'> & Partial<Pick<Crypto, 'randomUUID'>> = crypto,
): string {
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40; // version 4
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One idempotency key per user intent. The key is kept while the request stays the
 * same (a retry, a double click, a retry after a password prompt), so the server
 * moves the money once; it changes when the request is edited, and after a success
 * (paying the same again is a new intent).
 */
export class IntentKeys {
  private current: { signature: string; key: string } | null = null;

  constructor(private readonly newKey: () => string = () => newUuid()) {}

  /** The key for this request: the same as last time if the request is unchanged. */
  keyFor(request: unknown): string {
    const signature = JSON.stringify(request);
    if (this.current === null || this.current.signature !== signature) {
      this.current = { signature, key: this.newKey() };
    }
    return this.current.key;
  }

  /** The intent is done; the next request gets a fresh key. */
  succeeded(): void {
    this.current = null;
  }
}
