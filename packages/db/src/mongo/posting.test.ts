import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import type { Minor } from '../money.ts';
import type { PostTransferInput } from '../types.ts';
import { idTime, nextId } from './context.ts';
import type { AccountDoc } from './docs.ts';
import { latestTransferId, replay, sameRequest } from './posting.ts';
import { transferDoc } from './test-fixtures.ts';

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

  it('a deposit recorded on a cash sub-account replays the request that named SYSTEM_ACCOUNT', () => {
    const deposit = { ...same, kind: 'deposit' as const, debit: 'sys:cash' as const };
    for (const account of ['sys:cash', 'sys:cash:7'] as const) {
      const doc = {
        ...transferDoc,
        kind: 'deposit' as const,
        debit: { ...transferDoc.debit, account },
      };
      expect(sameRequest(doc, deposit)).toBe(true);
    }
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

describe("transfer ids follow the accounts' last transfers", () => {
  const account = (lastTransferId?: string): AccountDoc => ({
    _id: 'u:a',
    type: 'user',
    ownerId: 'a',
    label: 'Asha Rao',
    accountNumber: 1000,
    balance: 0,
    status: 'active',
    ...(lastTransferId === undefined ? {} : { lastTransferId }),
  });

  it('the floor is the later of the two last transfer ids, or none before the first', () => {
    expect(latestTransferId(account(), account())).toBeNull();
    expect(latestTransferId(account('lqx1'), account())).toBe('lqx1');
    expect(latestTransferId(account('lqx1'), account('lqx2'))).toBe('lqx2');
    expect(latestTransferId(account('lqx3'), account('lqx2'))).toBe('lqx3');
  });

  it('an id minted on a clock behind the last transfer (another process) still sorts after it', () => {
    const t = Date.UTC(2031, 0, 1);
    const ahead = nextId(t + 60_000); // a process whose clock runs a minute ahead
    const id = nextId(t, ahead);
    expect(id > ahead).toBe(true);
    expect(idTime(id)).toBe(idTime(ahead) + 1);
    // Fresh random chars: two processes bumping above one id do not mint the same one.
    expect(id.slice(9)).not.toBe(ahead.slice(9));
    expect(id).toMatch(/^[0-9a-z]{21}$/);
  });

  it('a floor already behind the clock changes nothing', () => {
    const t = Date.UTC(2032, 0, 1);
    const id = nextId(t, nextId(t - 60_000));
    expect(idTime(id)).toBe(t);
  });
});
