import type { RateLimitsArea } from '../areas.ts';
import type { SqliteContext } from './context.ts';

/** Fixed-window counters; a hit also deletes the key's older windows. */
export function rateLimits({ db, now }: SqliteContext): RateLimitsArea {
  const hit = db
    .prepare<[string, number, number, number], number>(`
      INSERT INTO rate_limits (key, window_ms, window, count) VALUES (?, ?, ?, ?)
      ON CONFLICT (key, window_ms, window) DO UPDATE SET count = count + excluded.count
      RETURNING count`)
    .pluck();
  const prune = db.prepare<[string, number, number]>(
    'DELETE FROM rate_limits WHERE key = ? AND window_ms = ? AND window < ?',
  );
  const peek = db
    .prepare<[string, number, number], number>(
      'SELECT count FROM rate_limits WHERE key = ? AND window_ms = ? AND window = ?',
    )
    .pluck();
  const windowOf = (windowMs: number) => Math.floor(now() / windowMs);

  const hitTx = db.transaction((key: string, windowMs: number, cost: number): number => {
    const window = windowOf(windowMs);
    prune.run(key, windowMs, window); // old windows of this key are dead weight
    return hit.get(key, windowMs, window, cost) ?? cost;
  });

  return {
    hitRateLimit: async (key, windowMs, cost = 1) => hitTx.immediate(key, windowMs, cost),
    peekRateLimit: async (key, windowMs) => peek.get(key, windowMs, windowOf(windowMs)) ?? 0,
  };
}
