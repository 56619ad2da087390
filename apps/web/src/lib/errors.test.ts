import { describe, expect, it } from 'vitest';
import { apiError, isUnauthorized } from './errors.ts';

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
});
