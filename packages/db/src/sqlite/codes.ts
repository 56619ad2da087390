import type { CodePurpose, VerifyCodeResult } from '../types.ts';
import type { SqliteContext } from './ledger.ts';

interface CodeRow {
  code_hash: string;
  expires_at: number;
  attempts_left: number;
}

/** One-time codes (stored hashed by the caller) and fixed-window rate limits. */
export function createCodes({ db, now }: SqliteContext) {
  const put = db.prepare<[string, string, string, number, number]>(`
    INSERT INTO codes (purpose, subject, code_hash, expires_at, attempts_left) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (purpose, subject) DO UPDATE SET code_hash = excluded.code_hash,
      expires_at = excluded.expires_at, attempts_left = excluded.attempts_left`);
  const get = db.prepare<[string, string], CodeRow>(
    'SELECT code_hash, expires_at, attempts_left FROM codes WHERE purpose = ? AND subject = ?',
  );
  const del = db.prepare<[string, string]>('DELETE FROM codes WHERE purpose = ? AND subject = ?');
  // At zero attempts the code itself is wiped but the row stays, so later tries say 'exhausted'.
  const spend = db.prepare<[string, string]>(`
    UPDATE codes SET attempts_left = attempts_left - 1,
      code_hash = CASE WHEN attempts_left <= 1 THEN '' ELSE code_hash END
    WHERE purpose = ? AND subject = ?`);

  const verify = db.transaction(
    (purpose: CodePurpose, subject: string, codeHash: string): VerifyCodeResult => {
      const row = get.get(purpose, subject);
      if (!row) return 'missing';
      if (row.expires_at <= now()) {
        del.run(purpose, subject);
        return 'expired';
      }
      if (row.attempts_left <= 0 || row.code_hash === '') return 'exhausted';
      if (row.code_hash === codeHash) {
        del.run(purpose, subject);
        return 'ok';
      }
      spend.run(purpose, subject);
      return 'wrong';
    },
  );

  return {
    put: (
      purpose: CodePurpose,
      subject: string,
      hash: string,
      expiresAt: Date,
      attempts: number,
    ) => {
      put.run(purpose, subject, hash, expiresAt.getTime(), attempts);
    },
    verify: (purpose: CodePurpose, subject: string, codeHash: string) =>
      verify.immediate(purpose, subject, codeHash),
    delete: (purpose: CodePurpose, subject: string) => {
      del.run(purpose, subject);
    },
  };
}

export function createRateLimits({ db, now }: SqliteContext) {
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
    hit: (key: string, windowMs: number, cost = 1) => hitTx.immediate(key, windowMs, cost),
    peek: (key: string, windowMs: number) => peek.get(key, windowMs, windowOf(windowMs)) ?? 0,
  };
}
