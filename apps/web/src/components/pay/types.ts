export type Mode = 'transfer' | 'deposit' | 'withdraw';

/** What the person asked for, as shown on the review step and sent on Confirm. */
export interface PayRequest {
  mode: Mode;
  amount: number;
  note?: string;
  payee?: { accountNumber: number; maskedName: string };
}

/** What the receipt shows once the money has moved. */
export interface Receipt {
  request: PayRequest;
  transferId: string;
  createdAt: string;
  balance: number;
  /** The answer was lost and a re-send with the same key confirmed it. */
  confirmedAfterLoss: boolean;
}

export const verb = (mode: Mode): string =>
  mode === 'deposit' ? 'Deposit' : mode === 'withdraw' ? 'Withdraw' : 'Pay';
