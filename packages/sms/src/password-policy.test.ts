import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, PASSWORD_POLICY_MESSAGE } from './password-policy.ts';

describe('checkPasswordPolicy', () => {
  it('accepts a long uncommon password', () => {
    expect(checkPasswordPolicy('correct horse battery', '+919876543210')).toBeNull();
  });

  it('accepts exactly 8 and exactly 128 characters', () => {
    expect(checkPasswordPolicy('k7#pLq2z')).toBeNull();
    expect(checkPasswordPolicy('a9'.repeat(64))).toBeNull();
  });

  it('refuses fewer than 8 characters with one message naming every rule', () => {
    const message = checkPasswordPolicy('k7#pLq2');
    expect(message).toBe(PASSWORD_POLICY_MESSAGE);
    expect(message).toMatch(/8/);
    expect(message).toMatch(/common/);
    expect(message).toMatch(/phone/);
  });

  it('refuses more than 128 characters', () => {
    expect(checkPasswordPolicy(`${'a9'.repeat(64)}x`)).toBe(PASSWORD_POLICY_MESSAGE);
  });

  it.each(['password', 'PassWord', '12345678', 'qwertyui', 'Iloveyou', 'password123'])(
    'refuses the common password %j whatever its case',
    (password) => {
      expect(checkPasswordPolicy(password)).toBe(PASSWORD_POLICY_MESSAGE);
    },
  );

  it('refuses a password containing the phone number, whatever way the phone is written', () => {
    expect(checkPasswordPolicy('me9876543210!', '+919876543210')).toBe(PASSWORD_POLICY_MESSAGE);
    expect(checkPasswordPolicy('9876543210', '09876543210')).toBe(PASSWORD_POLICY_MESSAGE);
    expect(checkPasswordPolicy('x9876543210', '98765 43210')).toBe(PASSWORD_POLICY_MESSAGE);
  });

  it('allows part of the phone number', () => {
    expect(checkPasswordPolicy('zebra98765ok', '+919876543210')).toBeNull();
  });
});
