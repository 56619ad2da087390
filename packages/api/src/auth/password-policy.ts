import { nationalDigits, normalizePhone } from '@quickpay/sms';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
/** zxcvbn's 0-4 scale: 3 means "safely unguessable" (about 10^8 guesses or more). */
export const PASSWORD_MIN_SCORE = 3;
/**
 * zxcvbn's matching grows faster than linearly with length (a 128-character run took
 * ~10x the CPU of a 32-character one), so only this prefix is scored. The whole password
 * is at least as hard to guess as its prefix, so this can only refuse, never wrongly admit.
 */
export const PASSWORD_SCORED_PREFIX = 32;

const LENGTH_MESSAGE = `Password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`;
const PHONE_MESSAGE = 'Password must not contain your phone number';
const PERSONAL_MESSAGE =
  'Password is too easy to guess. It contains your name (or "Quickpay"): leave that out.';
const FALLBACK_HINT = 'Add another word or two that are not common.';

// The dictionaries take ~0.5 s and ~50 MB of RSS to load: loaded on the first password
// set (sign-up, change, reset), once, never at start-up or for a log-in.
let estimator: Promise<ZxcvbnFactory> | null = null;

function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [core, common, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    return new core.ZxcvbnFactory({
      translations: en.translations,
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...en.dictionary },
      maxLength: PASSWORD_SCORED_PREFIX,
    });
  })();
  // A failed load is retried on the next call rather than cached as a rejection.
  estimator.catch(() => {
    estimator = null;
  });
  return estimator;
}

/** Loads the estimator now (tests call it in setup so its one-time cost is not a test's). */
export async function warmPasswordEstimator(): Promise<void> {
  await loadEstimator();
}

/** Which rule a refused password broke; clients show a message per rule on the field. */
export type PasswordRule =
  | 'length'
  | 'invalid_character'
  | 'phone'
  | 'personal'
  | 'common'
  | 'guessable';

export interface PasswordProblem {
  rule: PasswordRule;
  message: string;
}

/**
 * Checks a new password: 8-128 characters, no phone number in it, and a zxcvbn score of
 * at least 3 against common passwords, words, names, keyboard patterns, repeats and the
 * user's own details. Returns which rule it broke and a message saying why, or null.
 */
export async function findPasswordProblem(
  password: string,
  context: { phone?: string | undefined; userInputs?: readonly string[] } = {},
): Promise<PasswordProblem | null> {
  // A lone surrogate becomes U+FFFD when hashed, so two such passwords would collide.
  if (/\p{Cs}/u.test(password))
    return { rule: 'invalid_character', message: 'Password contains an invalid character' };
  const length = [...password].length;
  if (length < PASSWORD_MIN || length > PASSWORD_MAX)
    return { rule: 'length', message: LENGTH_MESSAGE };
  const digits = phoneDigits(context.phone);
  if (digits && password.includes(digits)) return { rule: 'phone', message: PHONE_MESSAGE };
  // Each word of a name on its own too, so 'raghunathan' is known as part of the user's name.
  const own = (context.userInputs ?? []).flatMap((s) => [
    s,
    ...s.split(/\s+/).filter((w) => w.length >= 3),
  ]);
  const inputs = [...own, ...(digits ? [digits] : []), 'quickpay'];
  const result = (await loadEstimator()).check(password, inputs);
  if (result.score >= PASSWORD_MIN_SCORE) return null;
  const dictionaries = new Set(
    result.sequence.flatMap((m) =>
      m.pattern === 'dictionary' && typeof m.dictionaryName === 'string' ? [m.dictionaryName] : [],
    ),
  );
  if (dictionaries.has('userInputs')) return { rule: 'personal', message: PERSONAL_MESSAGE };
  const { warning, suggestions } = result.feedback;
  const reason = [warning, ...suggestions].filter((s): s is string => !!s).join(' ');
  return {
    // Dictionary names carry their language: 'passwords-common', 'passwords-en'.
    rule: [...dictionaries].some((d) => d.startsWith('passwords')) ? 'common' : 'guessable',
    message: `Password is too easy to guess. ${reason || FALLBACK_HINT}`,
  };
}

/** The message of findPasswordProblem, or null when the password is acceptable. */
export async function checkPasswordPolicy(
  password: string,
  context: { phone?: string | undefined; userInputs?: readonly string[] } = {},
): Promise<string | null> {
  return (await findPasswordProblem(password, context))?.message ?? null;
}

function phoneDigits(phone: string | undefined): string | null {
  if (!phone) return null;
  const e164 = normalizePhone(phone);
  const digits = e164 ? nationalDigits(e164) : phone.replace(/\D/g, '');
  return digits.length >= 6 ? digits : null;
}
