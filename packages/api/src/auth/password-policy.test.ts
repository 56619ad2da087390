import { describe, expect, it } from 'vitest';
import {
  checkPasswordPolicy,
  findPasswordProblem,
  PASSWORD_SCORED_PREFIX,
} from './password-policy.ts';

const PHONE = '+919876543210';

describe('checkPasswordPolicy (zxcvbn-ts, score >= 3)', () => {
  it.each([
    'aaaaaaaa',
    '        ',
    'qwerty1234',
    'India@123',
    'Password1!',
    'password',
    'PassWord',
    '12345678',
    'iloveyou',
    'Passw0rd!2024',
  ])('refuses %j and says why', async (password) => {
    const message = await checkPasswordPolicy(password, { phone: PHONE });
    expect(message).toMatch(/^Password is too easy to guess\. \S/);
  });

  it('names the reason the estimator gives', async () => {
    expect(await checkPasswordPolicy('qwerty1234')).toMatch(/commonly used password/);
    expect(await checkPasswordPolicy('aaaaaaaa')).toMatch(/Repeated characters/);
  });

  it.each(['correct horse battery', 'tr0ub4dor&3', 'Sup3r-Secret-42', 'zebra98765ok'])(
    'accepts %j',
    async (password) => {
      expect(await checkPasswordPolicy(password, { phone: PHONE })).toBeNull();
    },
  );

  it('refuses fewer than 8 or more than 128 characters', async () => {
    expect(await checkPasswordPolicy('k7#pLq2')).toMatch(/8 to 128 characters/);
    expect(await checkPasswordPolicy('aB3$dE6^'.repeat(16))).toBeNull();
    expect(await checkPasswordPolicy(`${'aB3$dE6^'.repeat(16)}x`)).toMatch(/8 to 128/);
  });

  it('refuses a password containing the phone number, however the phone is written', async () => {
    for (const phone of [PHONE, '09876543210', '98765 43210']) {
      expect(await checkPasswordPolicy('me9876543210!zq', { phone })).toMatch(/phone number/);
    }
  });

  it("scores the user's own details as guessable", async () => {
    const name = 'Meenakshi Raghunathan';
    expect(await checkPasswordPolicy('raghunathan', { userInputs: [name] })).toMatch(/easy/);
  });

  it('judges a long password by its scored prefix, so a weak start is refused', async () => {
    const weakStart = `${'1'.repeat(PASSWORD_SCORED_PREFIX)}Zq8#vLp2!mWx`;
    expect(await checkPasswordPolicy(weakStart)).toMatch(/easy/);
    expect(
      await checkPasswordPolicy(`${'1'.repeat(PASSWORD_SCORED_PREFIX - 16)}Zq8#vLp2!mWx7&kR`),
    ).toBeNull();
  });
});

describe('findPasswordProblem names the rule that failed', () => {
  const NAME = 'Meenakshi Raghunathan';
  it.each([
    ['k7#pLq2', 'length'],
    ['strong phrase \uD800 77', 'invalid_character'],
    ['me9876543210!zq', 'phone'],
    ['raghunathan', 'personal'],
    ['Meenakshi2024', 'personal'],
    ['quickpay123', 'personal'],
    ['password', 'common'],
    ['qwerty1234', 'common'],
    ['aaaaaaaa', 'guessable'],
  ] as const)('%j -> %s', async (password, rule) => {
    const problem = await findPasswordProblem(password, { phone: PHONE, userInputs: [NAME] });
    expect(problem?.rule).toBe(rule);
    expect(problem?.message).toMatch(/^Password /);
  });

  it('finds no problem with a strong password', async () => {
    expect(
      await findPasswordProblem('Violet-Harbour-42', { phone: PHONE, userInputs: [NAME] }),
    ).toBeNull();
  });
});
