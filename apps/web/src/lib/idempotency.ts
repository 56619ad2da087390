/**
 * One idempotency key per user intent. The key is kept while the request stays the
 * same (a retry, a double click, a retry after a password prompt), so the server
 * moves the money once; it changes when the request is edited, and after a success
 * (paying the same again is a new intent).
 */
export class IntentKeys {
  private current: { signature: string; key: string } | null = null;

  constructor(private readonly newKey: () => string = () => crypto.randomUUID()) {}

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
