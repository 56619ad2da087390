import { describe, expect, it } from 'vitest';
import { historyCsv } from './history-csv.ts';

describe('historyCsv', () => {
  it('writes exact signed amounts, counterparties and formula-safe notes', () => {
    const csv = historyCsv(
      [
        {
          id: 't2',
          kind: 'transfer',
          amount: -12345,
          balanceAfter: 5,
          note: '=HYPERLINK("x")',
          createdAt: '2026-01-02T10:00:00.000Z',
          counterparty: { name: 'Asha R.', accountNumber: 1001 },
        },
        {
          id: 't1',
          kind: 'deposit',
          amount: 12350,
          balanceAfter: 12350,
          note: '',
          createdAt: '2026-01-01T09:00:00.000Z',
        },
      ],
      'INR',
    );
    expect(csv.split('\r\n')).toEqual([
      'date,type,description,note,amount,balance_after,currency,id',
      '2026-01-02T10:00:00.000Z,Transfer,To Asha R. (1001),"\'=HYPERLINK(""x"")",-123.45,0.05,INR,t2',
      '2026-01-01T09:00:00.000Z,Deposit,Deposit,,123.50,123.50,INR,t1',
      '',
    ]);
  });
});
