import type { SessionId, UserId } from './ids.ts';

/** Sessions, one-time codes and queued SMS: what the store keeps about access. */

/** A login: one family of rotating refresh tokens. */
export interface Session {
  id: SessionId;
  userId: UserId;
  /** Hash of the current (not yet used) refresh token. */
  refreshHash: string;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  /** Last time the user proved their password in this session. */
  authTime: Date;
  revokedAt: Date | null;
  userAgent: string;
  ip: string;
  /** The user's credentialVersion the session was opened (or re-stamped) with. */
  credentialVersion: number;
  /** Rotation never moves expiresAt past this. */
  absoluteExpiresAt: Date;
}

export interface NewSession {
  userId: UserId;
  refreshHash: string;
  expiresAt: Date;
  authTime: Date;
  /**
   * The user's credentialVersion the password was checked against: creation is
   * refused (INVALID_CREDENTIALS) when it has moved since.
   */
  credentialVersion: number;
  /** Default: expiresAt (the session can never be extended). */
  absoluteExpiresAt?: Date;
  /** Stored cut to SESSION_TEXT_LIMITS. */
  userAgent?: string;
  ip?: string;
}

/** Stored session text is cut to these lengths (a User-Agent can be any size). */
export const SESSION_TEXT_LIMITS = { userAgent: 256, ip: 64 } as const;
/** Live sessions per user; opening one more revokes the oldest. Also caps listSessions. */
export const MAX_LIVE_SESSIONS = 50;

export type RotateResult =
  | { ok: true; session: Session }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused' };

export type CodePurpose = 'password_reset' | 'temp_password';

export type VerifyCodeResult = 'ok' | 'missing' | 'expired' | 'wrong' | 'exhausted';

export type SmsStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'logged';

export interface SmsMessage {
  id: string;
  to: string;
  body: string;
  purpose: string;
  status: SmsStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  providerId: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface NewSms {
  to: string;
  body: string;
  purpose: string;
  /** 'pending' queues it for a sender; 'logged' records a message the outbox transport delivered. */
  status: 'pending' | 'logged' | 'sent';
  providerId?: string | null;
}
