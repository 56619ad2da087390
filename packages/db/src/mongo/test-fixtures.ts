import type { TransferDoc } from './docs.ts';

export const at = new Date(Date.UTC(2024, 0, 1));

/** A transfer document as stored: Asha (u:a) sent 300 to Ravi (u:r). */
export const transferDoc: TransferDoc = {
  _id: 'lqx0000000abcdefghijkl',
  kind: 'transfer',
  amount: 300,
  debit: {
    account: 'u:a',
    balanceAfter: 700,
    label: 'Asha Rao',
    accountNumber: 1000,
    ownerId: 'a',
  },
  credit: {
    account: 'u:r',
    balanceAfter: 300,
    label: 'Ravi Kumar',
    accountNumber: 1001,
    ownerId: 'r',
  },
  accounts: ['u:a', 'u:r'],
  note: 'rent',
  initiatorId: 'a',
  idempotencyKey: 'k1',
  createdAt: at,
};
