import { TRANSFER_KINDS } from '@quickpay/db';
import { z } from 'zod';
import { plainText } from './text.ts';

/** Input schemas more than one domain uses: one schema per concept. */

/**
 * Any JSON number; whether it is a valid amount (positive safe integer within
 * config.maxAmount) is checked by `requireAmount`, so every bad amount gets the
 * one domain code INVALID_AMOUNT. Strings are refused here (no coercion).
 */
export const amount = z.number();

/** Client-generated (UUID recommended); scoped to the caller. */
export const idempotencyKey = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9_\-:.]+$/, 'letters, digits and _ - : . only');

export const note = plainText(140, 0, 'Note').optional();

export const id = z.string().trim().min(1).max(64);

// Names end up in SMS bodies, other users' histories and legacy HTML pages.
export const fullName = plainText(100, 1, 'Name');

/** A customer's account number (the number people type to pay each other). */
export const accountNumber = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const transferKind = z.enum(TRANSFER_KINDS);

/** 'YYYY-MM-DD' (a whole day in config.timeZone) or an ISO datetime with offset. */
export const dateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const cursor = z.string().min(1).max(200);
