import { describe, expect, it } from 'vitest';
import { apiError, isLostAnswer, isUnauthorized, UserFacingError } from './errors.ts';

class FakeClientError extends Error {
  constructor(
    message: string,
    readonly data: Record<string, unknown>,
  ) {
    super(message);
  }
}

describe('apiError', () => {
  it('reads the tRPC code and the domain code and explains the domain code', () => {
    const e = new FakeClientError('insufficient', {
      code: 'PRECONDITION_FAILED',
      domainCode: 'INSUFFICIENT_FUNDS',
    });
    expect(apiError(e)).toEqual({
      code: 'PRECONDITION_FAILED',
      domainCode: 'INSUFFICIENT_FUNDS',
      passwordRule: null,
      message: 'Not enough money in the account for that.',
    });
  });

  it('turns zod issues in the message into a sentence', () => {
    const issues = JSON.stringify([{ path: ['phone'], message: 'Invalid phone' }]);
    expect(apiError(new FakeClientError(issues, { code: 'BAD_REQUEST' })).message).toBe(
      'phone: Invalid phone',
    );
  });

  it('explains a network failure', () => {
    expect(apiError(new TypeError('Failed to fetch')).message).toMatch(/Could not reach Quickpay/);
  });

  it('treats UNAUTHORIZED as logged out, but not a password re-check or a wrong password', () => {
    expect(isUnauthorized(new FakeClientError('x', { code: 'UNAUTHORIZED' }))).toBe(true);
    expect(
      isUnauthorized(
        new FakeClientError('x', { code: 'UNAUTHORIZED', domainCode: 'REAUTH_REQUIRED' }),
      ),
    ).toBe(false);
    expect(
      isUnauthorized(
        new FakeClientError('x', { code: 'UNAUTHORIZED', domainCode: 'UNAUTHENTICATED' }),
      ),
    ).toBe(true);
    expect(
      isUnauthorized(
        new FakeClientError('x', { code: 'UNAUTHORIZED', domainCode: 'INVALID_CREDENTIALS' }),
      ),
    ).toBe(false);
    expect(isUnauthorized(new Error('x'))).toBe(false);
  });

  it('uses a message that fits the action when one is given for the domain code', () => {
    const e = new FakeClientError('x', {
      code: 'PRECONDITION_FAILED',
      domainCode: 'INSUFFICIENT_FUNDS',
    });
    expect(apiError(e, { INSUFFICIENT_FUNDS: 'Holiday has only ₹100.00.' }).message).toBe(
      'Holiday has only ₹100.00.',
    );
    expect(apiError(e, { SELF_CONTACT: 'other' }).message).toBe(
      'Not enough money in the account for that.',
    );
  });

  it('never shows an exception text that did not come from the server', () => {
    expect(
      apiError(new TypeError("Cannot read properties of undefined (reading 'x')")).message,
    ).toBe('Something went wrong. Please try again.');
    expect(apiError(new UserFacingError('Cancelled: nothing was done.')).message).toBe(
      'Cancelled: nothing was done.',
    );
  });

  it('tells a lost answer (no server reply) from a refusal', () => {
    expect(isLostAnswer(new TypeError('Failed to fetch'))).toBe(true);
    expect(isLostAnswer(new FakeClientError('Failed to fetch', {}))).toBe(true);
    expect(isLostAnswer(new TypeError('x is undefined'))).toBe(false);
    expect(isLostAnswer(new FakeClientError('x', { code: 'BAD_REQUEST' }))).toBe(false);
    expect(isLostAnswer(new UserFacingError('x'))).toBe(false);
  });
});
