/**
 * A new record's fields from its request, defaults filled in, written once for both
 * stores: each adds what it mints (id, times, account number) and stores the rest.
 */
import { DEFAULT_GOAL_COLOR } from './constants.ts';
import {
  type Goal,
  type NewGoal,
  type NewSession,
  type NewSms,
  type NewUser,
  SESSION_TEXT_LIMITS,
  type Session,
  type SmsMessage,
  type User,
} from './types.ts';

export const newUserFields = (
  input: NewUser,
): Pick<User, 'fullName' | 'phone' | 'passwordHash' | 'age' | 'gender' | 'smsAlerts'> => ({
  fullName: input.fullName,
  phone: input.phone,
  passwordHash: input.passwordHash,
  age: input.age ?? null,
  gender: input.gender ?? null,
  smsAlerts: input.smsAlerts !== false,
});

export const newGoalFields = (
  input: NewGoal,
): Pick<Goal, 'ownerId' | 'name' | 'targetAmount' | 'color' | 'description' | 'targetDate'> => ({
  ownerId: input.ownerId,
  name: input.name,
  targetAmount: input.targetAmount,
  color: input.color ?? DEFAULT_GOAL_COLOR,
  description: input.description ?? '',
  targetDate: input.targetDate ?? null,
});

/** Text is cut to SESSION_TEXT_LIMITS; the absolute expiry defaults to expiresAt. */
export const newSessionFields = (
  input: NewSession,
): Omit<Session, 'id' | 'createdAt' | 'lastUsedAt' | 'revokedAt'> => ({
  userId: input.userId,
  refreshHash: input.refreshHash,
  expiresAt: input.expiresAt,
  authTime: input.authTime,
  userAgent: (input.userAgent ?? '').slice(0, SESSION_TEXT_LIMITS.userAgent),
  ip: (input.ip ?? '').slice(0, SESSION_TEXT_LIMITS.ip),
  credentialVersion: input.credentialVersion,
  absoluteExpiresAt: input.absoluteExpiresAt ?? input.expiresAt,
});

/** A message recorded as delivered ('sent', 'logged') is sent at once; 'sent' took one attempt. */
export const newSmsFields = (
  input: NewSms,
  at: Date,
): Omit<SmsMessage, 'id' | 'nextAttemptAt' | 'createdAt'> => ({
  to: input.to,
  body: input.body,
  purpose: input.purpose,
  status: input.status,
  attempts: input.status === 'sent' ? 1 : 0,
  lastError: null,
  providerId: input.providerId ?? null,
  sentAt: input.status === 'pending' ? null : at,
});
