import { TRPCError, tracked } from '@trpc/server';
import { liveSettings } from '../config.ts';
import type { AuthedContext } from '../context.ts';
import { hubOf, Inbox } from './hub.ts';
import { type LiveEvent, liveEvent, type SessionEndReason } from './views.ts';

const PAGE = 100;

/** Why the caller's session is over, or null while it lives (the same rules as resolveAuth). */
export async function sessionEnd(ctx: AuthedContext): Promise<SessionEndReason | null> {
  const session = await ctx.store.getSession(ctx.auth.sessionId);
  if (!session || session.revokedAt !== null) {
    const user = await ctx.store.findUserById(ctx.auth.user.id);
    const changed = !user || user.credentialVersion !== ctx.auth.user.credentialVersion;
    return changed ? 'password_changed' : 'revoked';
  }
  if (session.expiresAt.getTime() <= ctx.now()) return 'expired';
  const user = await ctx.store.findUserById(session.userId);
  if (!user || user.credentialVersion !== session.credentialVersion) return 'password_changed';
  return null;
}

/** A stream resumes after a tracked id: the user's event number. Anything else starts fresh. */
export function parseEventId(id: string | null | undefined): number | null {
  if (typeof id !== 'string' || !/^\d{1,15}$/.test(id)) return null;
  return Number(id);
}

/**
 * The signed-in user's events, in order, without loss: after `lastEventId` from the
 * store first (a reconnect), then live from the hub, falling back to the store whenever
 * the live queue may have missed something (a gap in the numbers, an overflowing slow
 * client, a feed restart). Re-checks the session every sessionCheckMs and ends with
 * `session_ended` once it is over. Stops when `signal` aborts (the client went away).
 */
export async function* userEvents(
  ctx: AuthedContext,
  lastEventId: string | null | undefined,
  signal?: AbortSignal,
) {
  const userId = ctx.auth.user.id;
  const settings = liveSettings(ctx.config);
  const resumeAfter = parseEventId(lastEventId);
  // Read the baseline before listening, then catch up from the store once: an event
  // committed in between is read, not lost.
  let last = resumeAfter ?? (await ctx.store.lastEventSeq(userId));
  const inbox = new Inbox(settings.streamBuffer);
  const unsubscribe = hubOf(ctx.store).subscribe(userId, inbox);
  const onAbort = () => inbox.wake();
  signal?.addEventListener('abort', onAbort);
  let catchUp = true;
  let nextCheck = Date.now() + settings.sessionCheckMs;
  try {
    while (!signal?.aborted && !inbox.closed) {
      if (catchUp || inbox.behind) {
        inbox.reset();
        const page = await ctx.store.listEvents(userId, last, PAGE);
        for (const e of page) {
          last = e.seq;
          yield tracked(String(e.seq), liveEvent(e));
        }
        catchUp = page.length === PAGE;
        continue;
      }
      const e = inbox.shift();
      if (e) {
        if (e.seq <= last) continue; // already sent from the store
        if (e.seq > last + 1) {
          catchUp = true; // numbers are gapless per user: one is missing, read them
          continue;
        }
        last = e.seq;
        yield tracked(String(e.seq), liveEvent(e));
        continue;
      }
      const wait = nextCheck - Date.now();
      if (wait > 0) {
        await inbox.wait(wait);
        continue;
      }
      nextCheck = Date.now() + settings.sessionCheckMs;
      const reason = await sessionEnd(ctx);
      if (reason) {
        const ended: LiveEvent = {
          id: '',
          type: 'session_ended',
          at: new Date(ctx.now()).toISOString(),
          reason,
        };
        yield ended;
        return;
      }
    }
    if (inbox.closed) {
      // A retryable code: the client reconnects (to another instance) with its last id.
      throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'Server restarting, reconnect' });
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}
