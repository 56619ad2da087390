import type { Store, UserEvent } from '@quickpay/db';

/**
 * One stream's queue of live events, bounded: past `limit` it drops what it holds and
 * marks itself `behind`, and the stream re-reads from the store (which keeps every
 * event), so a slow client costs at most `limit` events of memory and loses nothing.
 */
export class Inbox {
  private items: UserEvent[] = [];
  /** Events may be missing from the queue: read the store after the last one sent. */
  behind = false;
  /** The server is shutting down: the stream ends (the client reconnects elsewhere). */
  closed = false;
  private waiter: (() => void) | null = null;

  constructor(private readonly limit: number) {}

  push(e: UserEvent): void {
    if (!this.behind) {
      if (this.items.length < this.limit) this.items.push(e);
      else this.fallBehind();
    }
    this.wake();
  }

  fallBehind(): void {
    this.items = [];
    this.behind = true;
    this.wake();
  }

  /** Empties the queue before a store read, which returns everything it held. */
  reset(): void {
    this.items = [];
    this.behind = false;
  }

  shift(): UserEvent | undefined {
    return this.items.shift();
  }

  /** Resolves on the next push, a wake(), or after `ms`. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.waiter === done) this.waiter = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiter = done;
    });
  }

  wake(): void {
    this.waiter?.();
  }

  close(): void {
    this.closed = true;
    this.wake();
  }
}

/**
 * Fans one store feed (store.watchEvents: every event of every process) out to the
 * streams of this process by user: a user's event reaches only that user's inboxes.
 * The feed is open while at least one stream is.
 */
export class EventHub {
  private readonly byUser = new Map<string, Set<Inbox>>();
  private unwatch: (() => void) | null = null;
  private streams = 0;

  constructor(private readonly store: Store) {}

  /** Open streams in this process (bench, health). */
  get size(): number {
    return this.streams;
  }

  /** Ends every open stream (graceful shutdown: open streams must not hold the server up). */
  closeAll(): void {
    for (const set of this.byUser.values()) for (const i of set) i.close();
  }

  subscribe(userId: string, inbox: Inbox): () => void {
    this.unwatch ??= this.store.watchEvents({
      onEvent: (e) => {
        for (const i of this.byUser.get(e.userId) ?? []) i.push(e);
      },
      onGap: () => {
        for (const set of this.byUser.values()) for (const i of set) i.fallBehind();
      },
    });
    const set = this.byUser.get(userId) ?? new Set<Inbox>();
    this.byUser.set(userId, set);
    set.add(inbox);
    this.streams++;
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      this.streams--;
      set.delete(inbox);
      if (set.size === 0) this.byUser.delete(userId);
      if (this.streams === 0) {
        this.unwatch?.();
        this.unwatch = null;
      }
    };
  }
}

const hubs = new WeakMap<Store, EventHub>();

/** The process's hub for a store (one feed per store, however many streams). */
export function hubOf(store: Store): EventHub {
  const hub = hubs.get(store) ?? new EventHub(store);
  hubs.set(store, hub);
  return hub;
}
