import type { MessageOverrides } from './errors.ts';

/**
 * The API's domain codes are shared by many actions (INSUFFICIENT_FUNDS for a payment,
 * a goal withdrawal and a request; SELF_CONTACT for every payee lookup), so each action
 * words them for what the person was doing. Pass these to errorMessage(e, overrides).
 */
export const OWN_ACCOUNT_ON_PAY = 'That is your own account number. To put money aside, use Goals.';

export const actionMessages = {
  /** The password asked for again before money moves. */
  confirmPassword: {
    INVALID_CREDENTIALS: 'That password is not right. Try again.',
  },
  /** Pay: the account number typed is looked up (contacts.lookup). */
  payLookup: {
    SELF_CONTACT: OWN_ACCOUNT_ON_PAY,
    SELF_TRANSFER: OWN_ACCOUNT_ON_PAY,
    ACCOUNT_NOT_FOUND: 'No Quickpay account has that number. Check it and try again.',
  },
  /** Contacts: adding a payee. */
  addPayee: {
    SELF_CONTACT: 'That is your own account number: you cannot add yourself as a payee.',
    ACCOUNT_NOT_FOUND: 'No Quickpay account has that number. Check it and try again.',
  },
  /** Requests: asking someone for money. */
  askForMoney: {
    SELF_TRANSFER: 'That is your own account number: you cannot ask yourself for money.',
    ACCOUNT_NOT_FOUND: 'No Quickpay account has that number. Check it and try again.',
  },
  /** Requests: paying one you were sent. */
  payRequest: {
    INSUFFICIENT_FUNDS: 'Not paid: your balance is less than the amount asked.',
  },
  /** A scheduled payment or top-up. */
  schedule: {
    SELF_TRANSFER:
      'You cannot schedule a payment to your own account. To put money aside, use Goals.',
    ACCOUNT_NOT_FOUND: 'No Quickpay account has that number. Check it and try again.',
    GOAL_CLOSED: 'That savings goal is closed, so nothing can be saved into it.',
  },
  /** Goals: putting money into a goal comes out of the account. */
  goalDeposit: {
    INSUFFICIENT_FUNDS: 'Not enough money in your account to put that aside.',
    GOAL_CLOSED: 'That savings goal is closed, so nothing can be added to it.',
  },
} satisfies Record<string, MessageOverrides>;

/** Goals: taking out more than the goal holds is about the goal, not the account. */
export const goalWithdrawMessages = (goalName: string, saved: string): MessageOverrides => ({
  INSUFFICIENT_FUNDS: `${goalName} has only ${saved} saved.`,
  GOAL_CLOSED: `${goalName} is closed: its money went back to your account.`,
});
