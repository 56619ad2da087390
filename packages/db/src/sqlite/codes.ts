import type { CodesArea } from '../areas.ts';
import type { CodePurpose, VerifyCodeResult } from '../types.ts';
import type { SqliteContext } from './context.ts';

interface CodeRow {
  code_hash: string;
  expires_at: number;
  attempts_left: number;
}

/** One-time codes, stored hashed by the caller; one per (purpose, subject). */
export function codes({ db, now }: SqliteContext): CodesArea {
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
    putCode: async (purpose, subject, hash, expiresAt, attempts) => {
      put.run(purpose, subject, hash, expiresAt.getTime(), attempts);
    },
    verifyCode: async (purpose, subject, codeHash) => verify.immediate(purpose, subject, codeHash),
    deleteCode: async (purpose, subject) => {
      del.run(purpose, subject);
    },
  };
}
