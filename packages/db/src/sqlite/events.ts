import type Database from 'better-sqlite3';
import type { EventsArea } from '../areas.ts';
import { type EventWatcher, MAX_EVENT_PAGE } from '../events.ts';
import type { EventType, NewEvent, UserEvent } from '../types.ts';
import type { SqliteConnection } from './context.ts';

interface EventRow {
  pos: number;
  user_id: string;
  seq: number;
  type: EventType;
  at: number;
  payload: string;
}

const toEvent = (r: EventRow): UserEvent => ({
  userId: r.user_id,
  seq: r.seq,
  type: r.type,
  at: new Date(r.at),
  payload: JSON.parse(r.payload) as UserEvent['payload'],
});

/** How often a watched store looks for events other processes committed. */
export const DEFAULT_EVENT_POLL_MS = 250;

// One feed per connection, so a write on it can wake that connection's watchers at once.
const feeds = new WeakMap<Database.Database, EventFeed>();

/**
 * Writes event rows. `write` must run inside the caller's write transaction (the one
 * that moves the money), so an event exists exactly when what it tells happened.
 */
export function createEventWriter({ db, now }: SqliteConnection) {
  const bump = db
    .prepare<[string], number>(
      `INSERT INTO event_counters (user_id, seq) VALUES (?, 1)
       ON CONFLICT (user_id) DO UPDATE SET seq = seq + 1 RETURNING seq`,
    )
    .pluck();
  const insert = db.prepare<[string, number, string, number, string]>(
    'INSERT INTO events (user_id, seq, type, at, payload) VALUES (?, ?, ?, ?, ?)',
  );
  const write = (events: readonly NewEvent[]): UserEvent[] => {
    const at = now();
    const out = events.map((e) => {
      const seq = bump.get(e.userId) ?? 0;
      insert.run(e.userId, seq, e.type, at, JSON.stringify(e.payload));
      return { userId: e.userId, seq, type: e.type, at: new Date(at), payload: e.payload };
    });
    // After this transaction commits (the batch runs synchronously), this process's
    // watchers hear of it without waiting for the next poll.
    if (out.length > 0) feeds.get(db)?.kick();
    return out;
  };
  return { write };
}

export function events(ctx: SqliteConnection, pollMs = DEFAULT_EVENT_POLL_MS): EventsArea {
  const { db } = ctx;
  const writer = createEventWriter(ctx);
  const append = db.transaction((e: NewEvent): UserEvent => writer.write([e])[0] as UserEvent);
  const after = db.prepare<[string, number, number], EventRow>(
    'SELECT * FROM events WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  const last = db
    .prepare<[string], number>('SELECT seq FROM event_counters WHERE user_id = ?')
    .pluck();
  const prune = db.prepare<[number]>('DELETE FROM events WHERE at < ?');
  const feed = new EventFeed(db, pollMs);
  feeds.set(db, feed);
  return {
    appendEvent: async (e) => append.immediate(e),
    listEvents: async (userId, afterSeq, limit = 100) =>
      after.all(userId, afterSeq, Math.max(1, Math.min(limit, MAX_EVENT_PAGE))).map(toEvent),
    lastEventSeq: async (userId) => last.get(userId) ?? 0,
    pruneEvents: async (before) => prune.run(before.getTime()).changes,
    watchEvents: (w) => feed.watch(w),
  };
}

/** Stops the connection's feed (the store's close). */
export const stopEventFeed = (db: Database.Database): void => feeds.get(db)?.stop();

/** Polls the connection's feed soon (a write by another connection of this process). */
export const kickEventFeed = (db: Database.Database): void => feeds.get(db)?.kick();

/**
 * The cross-process feed of the embedded store: every process using the file polls the
 * events table by `pos` (AUTOINCREMENT, assigned under the one write lock, so rows
 * become visible in pos order and `pos > last` never skips one), and its own writes
 * wake it at once. One query per interval per process, whatever the number of watchers;
 * it runs only while someone watches.
 */
class EventFeed {
  private readonly watchers = new Set<EventWatcher>();
  private lastPos = 0;
  private timer: NodeJS.Timeout | null = null;
  private kicked = false;
  private readonly since;
  private readonly maxPos;

  constructor(
    private readonly db: Database.Database,
    private readonly pollMs: number,
  ) {
    this.since = db.prepare<[number, number], EventRow>(
      'SELECT * FROM events WHERE pos > ? ORDER BY pos LIMIT ?',
    );
    this.maxPos = db.prepare<[], number>('SELECT COALESCE(MAX(pos), 0) FROM events').pluck();
  }

  watch(w: EventWatcher): () => void {
    if (this.watchers.size === 0) this.start();
    this.watchers.add(w);
    return () => {
      this.watchers.delete(w);
      if (this.watchers.size === 0) this.stop();
    };
  }

  kick(): void {
    if (this.kicked || this.timer === null) return;
    this.kicked = true;
    setImmediate(() => {
      this.kicked = false;
      this.poll();
    });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private start(): void {
    if (!this.db.open) return;
    this.lastPos = this.maxPos.get() ?? 0;
    this.timer = setInterval(() => this.poll(), this.pollMs);
    this.timer.unref();
  }

  private poll(): void {
    if (this.timer === null || !this.db.open) return;
    let rows: EventRow[];
    try {
      rows = this.since.all(this.lastPos, 500);
    } catch {
      // Rare (e.g. the database closing under us): readers re-check the store themselves.
      for (const w of this.watchers) w.onGap?.();
      return;
    }
    for (const row of rows) {
      this.lastPos = row.pos;
      const event = toEvent(row);
      for (const w of this.watchers) w.onEvent(event);
    }
    if (rows.length === 500) this.kick();
  }
}
