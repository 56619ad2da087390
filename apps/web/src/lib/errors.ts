/** What the UI needs from a failed call: the tRPC code, the domain code, a readable message. */
export interface ApiError {
  code: string | null;
  domainCode: string | null;
  /** For WEAK_PASSWORD: which rule the new password broke (the API's data.passwordRule). */
  passwordRule: string | null;
  message: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

const DOMAIN_MESSAGES: Record<string, string> = {
  INSUFFICIENT_FUNDS: 'Not enough money in the account for that.',
  ACCOUNT_NOT_FOUND: 'No account has that number.',
  SELF_TRANSFER: 'You cannot pay your own account.',
  GOAL_NOT_FOUND: 'That savings goal no longer exists.',
  GOAL_CLOSED: 'That savings goal is closed.',
  IDEMPOTENCY_CONFLICT: 'This request clashes with an earlier one. Please try again.',
  INVALID_CREDENTIALS: 'Those details do not match. Check them and try again.',
  RATE_LIMITED: 'Too many attempts. Please wait a few minutes and try again.',
  REAUTH_REQUIRED: 'Please confirm your password to continue.',
  PHONE_TAKEN: 'That phone number already has an account.',
  INVALID_CODE: 'That code is wrong or has expired.',
  DUPLICATE_CONTACT: 'That account is already in your contacts.',
  SELF_CONTACT: 'You cannot add yourself as a contact.',
  CONTACT_NOT_FOUND: 'That contact no longer exists.',
  SESSION_NOT_FOUND: 'That session has already ended.',
  INVALID_PHONE: 'Enter a 10-digit phone number or one starting with +.',
  INVALID_AMOUNT: 'That amount is not allowed.',
  SMS_UNAVAILABLE: 'Text messages cannot be sent right now. Please try later.',
  STORE_BUSY: 'We are busy right now. Nothing was lost: please try again in a moment.',
  BALANCE_LIMIT: 'That would take a balance over the largest amount Quickpay can hold.',
  REQUESTS_OFF: 'That account does not take requests for money.',
  REQUEST_NOT_FOUND: 'That request no longer exists.',
  REQUEST_FORBIDDEN: 'Only the person asked can pay or decline that request.',
  REQUEST_NOT_PENDING: 'That request has already been paid, declined or cancelled.',
  REQUEST_EXPIRED: 'That request has expired.',
  SCHEDULE_NOT_FOUND: 'That scheduled payment no longer exists.',
  SCHEDULE_ENDED: 'That scheduled payment has already ended.',
};

/** tRPC puts zod issues in the message as JSON; turn them into one sentence. */
function readableMessage(raw: string): string {
  const text = raw.trim();
  if (!text.startsWith('[')) return text;
  try {
    const issues: unknown = JSON.parse(text);
    if (!Array.isArray(issues)) return text;
    const parts = issues.flatMap((issue) => {
      if (!isRecord(issue)) return [];
      const msg = str(issue.message);
      const path = Array.isArray(issue.path) ? issue.path.join('.') : '';
      return msg ? [path ? `${path}: ${msg}` : msg] : [];
    });
    return parts.length > 0 ? parts.join('; ') : text;
  } catch {
    return text;
  }
}

/** An error the app itself raises with a sentence meant for the person (shown as is). */
export class UserFacingError extends Error {}

/** Messages per domain code that fit one action better than the general ones. */
export type MessageOverrides = Partial<Record<string, string>>;

const NETWORK = 'Could not reach Quickpay. Check your connection and try again.';

export function apiError(e: unknown, overrides: MessageOverrides = {}): ApiError {
  const data = isRecord(e) && isRecord(e.data) ? e.data : null;
  const code = data ? str(data.code) : null;
  const domainCode = data ? str(data.domainCode) : null;
  const passwordRule = data ? str(data.passwordRule) : null;
  if (e instanceof UserFacingError) return { code, domainCode, passwordRule, message: e.message };
  const raw = e instanceof Error ? e.message : isRecord(e) ? (str(e.message) ?? '') : '';
  let message =
    (domainCode && (overrides[domainCode] ?? DOMAIN_MESSAGES[domainCode])) ||
    // Only a server's answer is worded for people; an exception's own text never reaches the screen.
    (code ? readableMessage(raw) : '');
  if (!message) message = isLostAnswer(e) ? NETWORK : 'Something went wrong. Please try again.';
  if (code === 'INTERNAL_SERVER_ERROR' && !domainCode)
    message = 'Something went wrong on our side.';
  return { code, domainCode, passwordRule, message };
}

/**
 * No answer came back (the network dropped, or a proxy answered instead of the API):
 * the request may or may not have reached the server.
 */
export function isLostAnswer(e: unknown): boolean {
  if (e instanceof UserFacingError || !isRecord(e)) return false;
  const data = isRecord(e.data) ? e.data : null;
  if (data && str(data.code)) return false;
  // Chromium, Firefox and Safari word a failed fetch differently; a tRPC client error
  // without a code is an answer that was not the API's (a proxy's error page).
  const message = str(e.message) ?? '';
  return (
    /failed to fetch|networkerror|load failed|network request failed/i.test(message) ||
    str(e.name) === 'TRPCClientError'
  );
}

export const errorMessage = (e: unknown, overrides?: MessageOverrides): string =>
  apiError(e, overrides).message;

/** Logged out (or the access token expired): not a wrong password, not a password re-check. */
export const isUnauthorized = (e: unknown): boolean => {
  const { code, domainCode } = apiError(e);
  return code === 'UNAUTHORIZED' && (domainCode === null || domainCode === 'UNAUTHENTICATED');
};
