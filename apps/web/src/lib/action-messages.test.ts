import { describe, expect, it } from 'vitest';
import { actionMessages, goalWithdrawMessages } from './action-messages.ts';
import { errorMessage } from './errors.ts';

class FakeClientError extends Error {
  constructor(
    message: string,
    readonly data: Record<string, unknown>,
  ) {
    super(message);
  }
}
const refused = (code: string, domainCode: string) =>
  new FakeClientError('x', { code, domainCode });

describe('messages that fit the action', () => {
  it('taking too much from a goal is about the goal, not the account', () => {
    const e = refused('PRECONDITION_FAILED', 'INSUFFICIENT_FUNDS');
    expect(errorMessage(e, goalWithdrawMessages('Holiday', '₹100.00'))).toBe(
      'Holiday has only ₹100.00 saved.',
    );
    expect(errorMessage(e, actionMessages.goalDeposit)).toMatch(/in your account/);
    expect(errorMessage(e, actionMessages.payRequest)).toMatch(/^Not paid/);
  });

  it('your own account number on Pay is not "you cannot add yourself as a contact"', () => {
    const e = refused('BAD_REQUEST', 'SELF_CONTACT');
    expect(errorMessage(e)).toMatch(/add yourself as a contact/);
    expect(errorMessage(e, actionMessages.payLookup)).toBe(
      'That is your own account number. To put money aside, use Goals.',
    );
    expect(errorMessage(e, actionMessages.addPayee)).toMatch(/as a payee/);
  });

  it('asking yourself for money is not "you cannot pay your own account"', () => {
    const e = refused('BAD_REQUEST', 'SELF_TRANSFER');
    expect(errorMessage(e)).toBe('You cannot pay your own account.');
    expect(errorMessage(e, actionMessages.askForMoney)).toMatch(/ask yourself for money/);
  });

  it('codes an action does not word keep the general message', () => {
    const e = refused('TOO_MANY_REQUESTS', 'RATE_LIMITED');
    expect(errorMessage(e, actionMessages.payLookup)).toMatch(/Too many attempts/);
  });
});
