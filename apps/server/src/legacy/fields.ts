import { z } from 'zod';
import { parseAmount } from './money.ts';

/** Message for a field of the wrong JSON type (difference 8: never passed on as a query operator). */
export const INVALID_INPUT = 'Invalid input';

interface Messages {
  /** Absent, null or empty. */
  missing: string;
  /** Present but unusable (wrong type or bad value); defaults to INVALID_INPUT. */
  invalid?: string;
}

/**
 * Any value, run through the transform even when its key is absent: zod 4 refuses an
 * absent key before a bare `unknown().transform()` could supply its message or fallback.
 */
const present = () => z.unknown().default(undefined);

const isMissing = (v: unknown) => v === undefined || v === null || v === '';

/**
 * One legacy field, type-checked with zod: `parse` returns the value or null.
 * Only strings and numbers ever reach `parse`; objects, arrays and booleans are refused.
 */
function field<T>(m: Messages, parse: (v: string | number) => T | null) {
  return present().transform((v, ctx): T => {
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    if (isMissing(v)) return fail(m.missing);
    if (typeof v !== 'string' && typeof v !== 'number') return fail(m.invalid ?? INVALID_INPUT);
    const out = parse(v);
    return out === null ? fail(m.invalid ?? INVALID_INPUT) : out;
  });
}

/** A non-empty string (trimmed); numbers are refused. */
export const text = (m: Messages, maxLength = 200) =>
  field(m, (v) => {
    if (typeof v !== 'string') return null;
    const t = v.trim();
    return t === '' || t.length > maxLength ? null : t;
  });

/** A password: a string kept as sent (no trimming). */
export const secret = (m: Messages) =>
  field(m, (v) => (typeof v === 'string' && v.length <= 1024 ? v : null));

/**
 * Only checks the JSON type: absent, null, a string or a number pass untouched; an
 * object, array or boolean is INVALID_INPUT (for fields whose other problems keep
 * their own answer, such as the login's 401).
 */
export const scalar = () =>
  present().refine(
    (v) => v === undefined || v === null || typeof v === 'string' || typeof v === 'number',
    INVALID_INPUT,
  );

/** An optional free-text field: absent -> fallback; a string is trimmed; anything else refused. */
export const optionalText = (fallback = '', maxLength = 500) =>
  present().transform((v, ctx): string => {
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'string' || v.length > maxLength) {
      ctx.addIssue({ code: 'custom', message: INVALID_INPUT });
      return z.NEVER;
    }
    return v.trim();
  });

/** A whole number sent as a JSON number or a numeric string ("1000"). */
export const integer = (m: Messages) =>
  field(m, (v) => {
    const n = typeof v === 'number' ? v : /^\s*\d{1,15}\s*$/.test(v) ? Number(v) : Number.NaN;
    return Number.isSafeInteger(n) ? n : null;
  });

/** Ten national digits, sent as a number or a string. */
export const phoneDigits = (m: Messages) =>
  field(m, (v) => {
    const s = String(v).trim();
    return /^\d{10}$/.test(s) ? s : null;
  });

/** Money in major units (number or numeric string) -> minor units (difference 1). */
export const money = (m: Messages, max: number) => field(m, (v) => parseAmount(v, max));

/** The first issue's message of a failed parse. */
export function firstMessage(error: z.ZodError, fallback = INVALID_INPUT): string {
  return error.issues[0]?.message ?? fallback;
}
