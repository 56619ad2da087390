import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-problem.ts';

class FakeClientError extends Error {
  constructor(
    message: string,
    readonly data: Record<string, unknown>,
  ) {
    super(message);
  }
}

const weak = (
  passwordRule: string | null,
  message = 'Password is too easy to guess. Add a word.',
) =>
  new FakeClientError(message, { code: 'BAD_REQUEST', domainCode: 'WEAK_PASSWORD', passwordRule });

describe('passwordProblem', () => {
  it.each([
    ['length', /8 to 128 characters/],
    ['phone', /phone number/],
    ['personal', /your name/],
    ['invalid_character', /character/],
  ])('says which rule failed: %s', (rule, text) => {
    expect(passwordProblem(weak(rule))).toMatch(text);
  });

  it("a common password is named as such and keeps the server's advice", () => {
    const e = weak('common', 'Password is too easy to guess. This is a top-10 common password.');
    expect(passwordProblem(e)).toBe(
      'That is a commonly used password. This is a top-10 common password.',
    );
  });

  it("a guessable one, or an unknown rule, shows the server's sentence", () => {
    expect(passwordProblem(weak('guessable'))).toBe('Password is too easy to guess. Add a word.');
    expect(passwordProblem(weak(null, 'Password must be longer'))).toBe('Password must be longer');
  });

  it('is null for refusals that are not about the new password', () => {
    const wrong = new FakeClientError('bad', {
      code: 'UNAUTHORIZED',
      domainCode: 'INVALID_CREDENTIALS',
    });
    expect(passwordProblem(wrong)).toBeNull();
    expect(passwordProblem(new TypeError('Failed to fetch'))).toBeNull();
  });
});
