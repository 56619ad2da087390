import { isDuplicateKey, type MongoContext } from './context.ts';

/** The fixed window holding `now`, identified by its start in ms since the epoch. */
export const windowStart = (now: number, windowMs: number): number =>
  Math.floor(now / windowMs) * windowMs;

/**
 * Adds `cost` to the window's count atomically and returns the new count. The TTL
 * index drops a window after it ended (two window lengths after its first hit).
 */
export async function hitRateLimit(
  ctx: MongoContext,
  key: string,
  windowMs: number,
  cost = 1,
): Promise<number> {
  const window = windowStart(ctx.now(), windowMs);
  const hit = () =>
    ctx.col.rateLimits.findOneAndUpdate(
      { key, windowMs, window },
      { $inc: { count: cost }, $setOnInsert: { expiresAt: new Date(Date.now() + 2 * windowMs) } },
      { upsert: true, returnDocument: 'after' },
    );
  let doc: Awaited<ReturnType<typeof hit>>;
  try {
    doc = await hit();
  } catch (e) {
    // Two first hits raced to insert the window; the loser's retry finds the winner's document.
    if (!isDuplicateKey(e)) throw e;
    doc = await hit();
  }
  if (!doc) throw new Error('rate limit upsert returned nothing');
  return doc.count;
}

export async function peekRateLimit(ctx: MongoContext, key: string, windowMs: number) {
  const window = windowStart(ctx.now(), windowMs);
  const doc = await ctx.col.rateLimits.findOne({ key, windowMs, window });
  return doc?.count ?? 0;
}
