import { apiError } from './errors.ts';

/**
 * What to say on a new-password field for each rule the server's password policy
 * checks (packages/api/src/auth/password-policy.ts, sent as data.passwordRule).
 * 'common' and 'guessable' keep the server's text: it carries the estimator's advice.
 */
const RULE_MESSAGES: Record<string, string> = {
  length: 'Use 8 to 128 characters.',
  invalid_character: 'The password has a character that cannot be used. Type it again.',
  phone: 'Leave your phone number out of the password.',
  personal: 'Leave your name (and "Quickpay") out of the password: they are easy to guess.',
};

/**
 * The message for a new-password field when a call was refused for the password,
 * or null when the refusal was about something else (shown elsewhere).
 */
export function passwordProblem(e: unknown): string | null {
  const { domainCode, passwordRule, message } = apiError(e);
  if (domainCode !== 'WEAK_PASSWORD') return null;
  const fixed = passwordRule ? RULE_MESSAGES[passwordRule] : undefined;
  if (fixed) return fixed;
  if (passwordRule === 'common') return `That is a commonly used password. ${advice(message)}`;
  return message;
}

/** The estimator's advice after the server's "Password is too easy to guess." lead-in. */
function advice(message: string): string {
  const rest = message.replace(/^Password is too easy to guess\.\s*/, '').trim();
  return rest || 'Add another word or two that are not common.';
}
