import { z } from 'zod';

/**
 * Free text that other people see (names, notes, goal and payee names): trimmed, bounded,
 * and without control characters or angle brackets, so it cannot turn into markup in a
 * client that inserts it as HTML (the old web front end does) or break an SMS line.
 */
export function plainText(max: number, min = 0, label = 'Text') {
  return z
    .string()
    .trim()
    .min(min, `${label} is required`)
    .max(max)
    .regex(/^[^\p{Cc}<>]*$/u, `${label} may not contain < > or control characters`);
}
