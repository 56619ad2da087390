import type { CodesArea } from '../areas.ts';
import { judgeCode } from '../rules.ts';
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
      const stored = row && {
        codeHash: row.code_hash,
        expiresAt: row.expires_at,
        attemptsLeft: row.attempts_left,
      };
      const result = judgeCode(stored, codeHash, now());
      if (result === 'ok' || result === 'expired') del.run(purpose, subject);
      else if (result === 'wrong') spend.run(purpose, subject);
      return result;
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
