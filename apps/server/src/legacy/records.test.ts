import type { TransferKind } from '@quickpay/db';
import { describe, expect, it } from 'vitest';
import { legacyDate, stripPrefix, toLegacyContact, toLegacyTransaction } from './records.ts';

const tx = (kind: TransferKind, amount: number, name = 'Ravi Kumar') => ({
  id: 'abc123',
  kind,
  amount,
  note: 'n',
  createdAt: '2026-11-24T20:00:00.000Z',
  counterparty: { name },
});

describe('legacy records', () => {
  it('names each kind of transfer as the old app did, with signed amounts', () => {
    const named = (k: TransferKind, a: number) => {
      const t = toLegacyTransaction(
        tx(k, a, k.startsWith('goal') ? 'Trip' : 'Ravi Kumar'),
        1000,
        'UTC',
      );
      return [t.name, t.type, t.amount, t.description];
    };
    expect(named('deposit', 1050)).toEqual(['Deposit', 'Deposit', 10.5, 'n']);
    expect(named('withdrawal', -5)).toEqual(['Withdrawal', 'Withdrawal', -0.05, 'n']);
    expect(named('transfer', -100)).toEqual(['Transfer to Ravi Kumar', 'Bank Transfer', -1, 'n']);
    expect(named('transfer', 100)).toEqual(['Transfer from Ravi Kumar', 'Bank Transfer', 1, 'n']);
    expect(named('goal_deposit', -2500)).toEqual(['Deposit to Trip', 'Saving Deposit', -25, 'n']);
    expect(named('goal_refund', 2500)).toEqual([
      "Refund from 'Trip'",
      'Refund',
      25,
      'Saving goal deleted.',
    ]);
  });

  it('gives ids a prefix, user_id the account number and dates in the configured zone', () => {
    const t = toLegacyTransaction(tx('deposit', 1), 1042, 'Asia/Kolkata');
    expect(t).toMatchObject({ transaction_id: 'tid_abc123', user_id: 1042, status: 'Completed' });
    // 20:00 UTC is already the next day in India.
    expect(t.date).toBe('2026-11-25');
    expect(legacyDate('2026-11-24T20:00:00.000Z', 'UTC')).toBe('2026-11-24');
  });

  it('dates every instant as a fresh formatter would, across midnights, odd offsets and DST', () => {
    const fresh = (ms: number, timeZone: string) =>
      new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(ms);
    // Around local midnights in +05:45, +05:30, -04:00/-05:00 (DST ends 2026-11-01) and +12:45/+13:45.
    const zones = ['Asia/Kathmandu', 'Asia/Kolkata', 'America/New_York', 'Pacific/Chatham', 'UTC'];
    const start = Date.parse('2026-10-31T00:00:00Z');
    for (const zone of zones) {
      for (let ms = start; ms < start + 3 * 86_400_000; ms += 7 * 60_000 + 13_000) {
        expect(legacyDate(new Date(ms), zone), `${zone} ${new Date(ms).toISOString()}`).toBe(
          fresh(ms, zone),
        );
      }
    }
    // The same instant in two zones is not confused by the memo.
    expect(legacyDate('2026-11-24T20:00:00.000Z', 'Asia/Kolkata')).toBe('2026-11-25');
    expect(legacyDate('2026-11-24T20:00:00.000Z', 'UTC')).toBe('2026-11-24');
  });

  it('strips a prefix only from letters and digits (clients split on _)', () => {
    expect(stripPrefix('sid_abc123', 'sid')).toBe('abc123');
    expect(stripPrefix('sid_', 'sid')).toBeNull();
    expect(stripPrefix('sid_a_b', 'sid')).toBeNull();
    expect(stripPrefix('pid_abc', 'sid')).toBeNull();
  });

  it('never copies the payee phone number into a contact', () => {
    const c = toLegacyContact({ id: 'x1', accountNumber: 1001, nickname: 'R', relation: '' }, 1000);
    expect(c).toEqual({
      user_id: 1000,
      people_id: 'pid_x1',
      name: 'R',
      phone: '',
      account_id: 1001,
      relation: '',
      full_account_number: '3594 1899 3455 1001',
    });
  });
});
