import { nationalDigits, normalizePhone } from './phone.ts';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export const PASSWORD_POLICY_MESSAGE = `Password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters, not a common password, and not contain your phone number`;

// Passwords of 8+ characters that top public breach lists; compared case-insensitively.
const COMMON = new Set([
  'password',
  'password1',
  'password12',
  'password123',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  '12345678',
  '123456789',
  '1234567890',
  '87654321',
  '11111111',
  '00000000',
  '88888888',
  '12341234',
  '11223344',
  '123123123',
  '1q2w3e4r',
  '1qaz2wsx',
  'qwertyui',
  'qwertyuiop',
  'qwerty123',
  'qwerty12',
  'asdfghjk',
  'asdfghjkl',
  'zxcvbnm1',
  'zxcvbnm123',
  'abcd1234',
  'abc12345',
  'abcdefgh',
  'iloveyou',
  'iloveyou1',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'superman',
  'starwars',
  'trustno1',
  'welcome1',
  'welcome123',
  'whatever',
  'letmein1',
  'dragon12',
  'master12',
  'computer',
  'internet',
  'michelle',
  'jennifer',
  'changeme',
  'admin123',
  'administrator',
  'india123',
  'quickpay',
  'qazwsxedc',
  'aa123456',
]);

/**
 * Checks a new password: 8-128 characters, not a common password, and not containing
 * the phone's national digits. Returns one message for every failure (so the reply
 * does not teach the rules one at a time), or null when acceptable.
 */
export function checkPasswordPolicy(password: string, phone?: string): string | null {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    return PASSWORD_POLICY_MESSAGE;
  }
  if (COMMON.has(password.toLowerCase())) return PASSWORD_POLICY_MESSAGE;
  if (phone) {
    const e164 = normalizePhone(phone);
    const digits = e164 ? nationalDigits(e164) : phone.replace(/\D/g, '');
    if (digits.length >= 6 && password.includes(digits)) return PASSWORD_POLICY_MESSAGE;
  }
  return null;
}
