import type { RateLimitsArea } from '../areas.ts';
import { againIfDuplicate, type MongoContext } from './context.ts';

/** The fixed window holding `now`, identified by its start in ms since the epoch. */
export const windowStart = (now: number, windowMs: number): number =>
  Math.floor(now / windowMs) * windowMs;

export function rateLimits(ctx: MongoContext): RateLimitsArea {
  const col = ctx.col.rateLimits;
  return {
    /**
     * Adds `cost` to the window's count atomically and returns the new count. The TTL
     * index drops a window after it ended (two window lengths after its first hit).
     */
    async hitRateLimit(key, windowMs, cost = 1) {
      const window = windowStart(ctx.now(), windowMs);
      // Two first hits may race to insert the window; the loser's retry finds the winner's.
      const doc = await againIfDuplicate(() =>
        col.findOneAndUpdate(
          { key, windowMs, window },
          {
            $inc: { count: cost },
            $setOnInsert: { expiresAt: new Date(Date.now() + 2 * windowMs) },
          },
          { upsert: true, returnDocument: 'after' },
        ),
      );
      if (!doc) throw new Error('rate limit upsert returned nothing');
      return doc.count;
    },

    async peekRateLimit(key, windowMs) {
      const window = windowStart(ctx.now(), windowMs);
      const doc = await col.findOne({ key, windowMs, window });
      return doc?.count ?? 0;
    },
  };
}
