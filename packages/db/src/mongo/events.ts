import type { ChangeStream, ChangeStreamInsertDocument, ClientSession, ResumeToken } from 'mongodb';
import type { EventsArea } from '../areas.ts';
import { type EventWatcher, MAX_EVENT_PAGE } from '../events.ts';
import type { NewEvent, UserEvent } from '../types.ts';
import type { Collections } from './collections.ts';
import { inTransaction, type MongoContext } from './context.ts';
import type { EventDoc } from './feature-docs.ts';

const toEvent = (d: EventDoc): UserEvent => ({
  userId: d.userId,
  seq: d.seq,
  type: d.type,
  at: d.at,
  payload: d.payload,
});

/**
 * Writes events inside the caller's transaction (the one that moves the money). Two
 * transactions telling the same user conflict on the counter document, so per user the
 * seq order is the commit order and has no gaps.
 */
export async function writeEvents(
  ctx: MongoContext,
  session: ClientSession,
  events: readonly NewEvent[],
): Promise<UserEvent[]> {
  const out: UserEvent[] = [];
  const at = new Date(ctx.now());
  for (const e of events) {
    const counter = await ctx.col.eventCounters.findOneAndUpdate(
      { _id: e.userId },
      { $inc: { seq: 1 } },
      { session, upsert: true, returnDocument: 'after' },
    );
    const seq = counter?.seq ?? 1;
    const doc: EventDoc = { _id: `${e.userId}:${seq}`, seq, at, ...e };
    await ctx.col.events.insertOne(doc, { session });
    out.push(toEvent(doc));
  }
  return out;
}

export async function appendEvent(ctx: MongoContext, input: NewEvent): Promise<UserEvent> {
  const [event] = await inTransaction(ctx, (session) => writeEvents(ctx, session, [input]));
  if (!event) throw new Error('event not written');
  return event;
}

export async function listEvents(
  ctx: MongoContext,
  userId: string,
  afterSeq: number,
  limit = 100,
): Promise<UserEvent[]> {
  const docs = await ctx.col.events
    .find({ userId, seq: { $gt: afterSeq } })
    .sort({ seq: 1 })
    .limit(Math.max(1, Math.min(limit, MAX_EVENT_PAGE)))
    .toArray();
  return docs.map(toEvent);
}

export async function lastEventSeq(ctx: MongoContext, userId: string): Promise<number> {
  const doc = await ctx.col.eventCounters.findOne({ _id: userId });
  return doc?.seq ?? 0;
}

export async function pruneEvents(ctx: MongoContext, before: Date): Promise<number> {
  const result = await ctx.col.events.deleteMany({ at: { $lt: before } });
  return result.deletedCount;
}

const RESTART_MS = 1_000;

/**
 * The cross-instance feed: one change stream per process on the events collection
 * (inserts only), open while anyone watches. Events inserted in a transaction appear
 * after its commit, in oplog order. On an error the stream reopens after the last
 * token it delivered; watchers are told of a possible gap (they re-read from the
 * store by seq, so nothing is lost even when the token has expired).
 */
export class MongoEventFeed {
  private readonly watchers = new Set<EventWatcher>();
  private stream: ChangeStream<EventDoc, ChangeStreamInsertDocument<EventDoc>> | null = null;
  private token: ResumeToken | null = null;
  private restart: NodeJS.Timeout | null = null;
  private failedWith: ResumeToken | null = null;

  constructor(private readonly col: Collections) {}

  watch(w: EventWatcher): () => void {
    if (this.watchers.size === 0) this.open();
    this.watchers.add(w);
    return () => {
      this.watchers.delete(w);
      if (this.watchers.size === 0) this.close();
    };
  }

  close(): void {
    if (this.restart) clearTimeout(this.restart);
    this.restart = null;
    const stream = this.stream;
    this.stream = null;
    this.token = null;
    void stream?.close().catch(() => {});
  }

  private open(): void {
    const stream = this.col.events.watch<EventDoc, ChangeStreamInsertDocument<EventDoc>>(
      [{ $match: { operationType: 'insert' } }],
      this.token ? { resumeAfter: this.token } : {},
    );
    this.stream = stream;
    stream.on('change', (change) => {
      this.token = change._id;
      const event = toEvent(change.fullDocument);
      for (const w of this.watchers) w.onEvent(event);
    });
    stream.on('error', () => {
      if (this.stream !== stream) return;
      this.stream = null;
      void stream.close().catch(() => {});
      for (const w of this.watchers) w.onGap?.();
      if (this.watchers.size === 0) return;
      // A token that fails twice in a row (e.g. gone from the oplog): start from now.
      if (this.token !== null && this.failedWith === this.token) this.token = null;
      this.failedWith = this.token;
      this.restart = setTimeout(() => {
        this.restart = null;
        if (this.watchers.size === 0 || this.stream) return;
        this.open();
        for (const w of this.watchers) w.onGap?.();
      }, RESTART_MS);
      this.restart.unref();
    });
  }
}

const feeds = new WeakMap<MongoContext, MongoEventFeed>();

/** The events area: one change-stream feed per store (context). */
export function events(ctx: MongoContext): EventsArea {
  const feed = new MongoEventFeed(ctx.col);
  feeds.set(ctx, feed);
  return {
    appendEvent: (input) => appendEvent(ctx, input),
    listEvents: (userId, afterSeq, limit) => listEvents(ctx, userId, afterSeq, limit),
    lastEventSeq: (userId) => lastEventSeq(ctx, userId),
    pruneEvents: (before) => pruneEvents(ctx, before),
    watchEvents: (watcher) => feed.watch(watcher),
  };
}

/** Closes the store's change stream (before its client closes). */
export const stopEventFeed = (ctx: MongoContext): void => feeds.get(ctx)?.close();
