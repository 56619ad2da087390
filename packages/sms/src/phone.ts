import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

// Longer input is never a phone number; refusing it early bounds parsing work.
const MAX_INPUT = 40;

/**
 * Normalizes a phone number to E.164 ('+919876543210'), or null when it is not a
 * valid number. A national number ('9876543210', '09876543210') takes the default
 * country; spaces, dashes and brackets are ignored.
 */
export function normalizePhone(input: string, defaultCountry = 'IN'): string | null {
  const trimmed = input.trim();
  if (trimmed === '' || trimmed.length > MAX_INPUT) return null;
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry as CountryCode);
  if (!parsed?.isValid()) return null;
  return parsed.number;
}

/**
 * The national significant digits of an E.164 number ('+919876543210' -> '9876543210'),
 * as legacy clients know phones. Falls back to the last 10 digits when unparseable.
 */
export function nationalDigits(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (parsed) return parsed.nationalNumber;
  return e164.replace(/\D/g, '').slice(-10);
}
