import { MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { explainSnapshotError } from './verify.ts';

describe('ledger check errors', () => {
  it('SnapshotTooOld becomes an error that says which server setting to raise', () => {
    const tooOld = new MongoServerError({ code: 239, codeName: 'SnapshotTooOld', errmsg: 'x' });
    const out = explainSnapshotError(tooOld);
    expect(out).toBeInstanceOf(Error);
    expect((out as Error).message).toContain('minSnapshotHistoryWindowInSeconds');
    expect((out as Error).cause).toBe(tooOld);
  });

  it('any other error passes through unchanged', () => {
    const other = new MongoServerError({ code: 112, errmsg: 'WriteConflict' });
    expect(explainSnapshotError(other)).toBe(other);
    const plain = new Error('boom');
    expect(explainSnapshotError(plain)).toBe(plain);
  });
});
