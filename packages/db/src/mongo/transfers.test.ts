import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import type { Minor } from '../money.ts';
import type { PostTransferInput } from '../types.ts';
import { transferDoc } from './test-fixtures.ts';
import { replay, sameRequest } from './transfers.ts';

const same: PostTransferInput = {
  kind: 'transfer',
  debit: 'u:a',
  credit: 'u:r',
  amount: 300 as Minor,
  note: 'rent',
  initiatorId: 'a',
  idempotencyKey: 'k1',
};

describe('idempotent replay', () => {
  it('the same kind, accounts, amount and note is the same request', () => {
    expect(sameRequest(transferDoc, same)).toBe(true);
    expect(replay(transferDoc, same)).toMatchObject({
      replayed: true,
      transfer: { id: transferDoc._id, amount: 300 },
    });
  });

  it('a missing note equals the empty note it was stored as', () => {
    const doc = { ...transferDoc, note: '' };
    const { note: _, ...noNote } = same;
    expect(sameRequest(doc, noNote)).toBe(true);
  });

  it.each([
    ['another amount', { amount: 301 as Minor }],
    ['another kind', { kind: 'deposit' as const }],
    ['another debit account', { debit: 'u:x' as const }],
    ['another credit account', { credit: 'u:x' as const }],
    ['another note', { note: 'Rent' }],
  ])('%s under the same key is an IDEMPOTENCY_CONFLICT', (_label, change) => {
    const input = { ...same, ...change };
    expect(sameRequest(transferDoc, input)).toBe(false);
    expect(() => replay(transferDoc, input)).toThrow(DomainError);
    try {
      replay(transferDoc, input);
    } catch (e) {
      expect((e as DomainError).code).toBe('IDEMPOTENCY_CONFLICT');
    }
  });
});
