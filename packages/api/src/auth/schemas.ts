import { z } from 'zod';
import { accountNumber } from '../shared/schemas.ts';

/**
 * Input schemas of the auth procedures (account numbers and names: shared/schemas.ts). Phones are only bounded here; the domain
 * normalizes them to E.164 (INVALID_PHONE) so every client gets one domain code.
 */
export const phone = z.string().trim().min(1, 'Phone number is required').max(40);

/** A password as typed: never trimmed (spaces may be part of it); the policy is checked in the domain. */
export const password = z.string().min(1, 'Password is required').max(256);

export const age = z.number().int().min(18, 'You must be 18 or older').max(150);

export const gender = z.enum(['male', 'female', 'other']);

export const refreshToken = z.string().min(1).max(200);

export const sessionId = z.string().trim().min(1).max(64);

/** Codes are checked in the domain, so a malformed one gets the same INVALID_CODE as a wrong one. */
export const code = z.string().trim().min(1).max(20);

// 'body' puts the refresh token in the answer (no refresh cookie) for clients without cookies.
export const tokenDelivery = z.enum(['cookie', 'body']).optional();

/** auth.logIn's input (the legacy log-in validates with it too). */
export const logInInput = z.union([
  z.strictObject({ accountNumber, password, tokenDelivery }),
  z.strictObject({ phone, password, tokenDelivery }),
]);
