import { isDomainError } from '@quickpay/db';
import type { InnerContext } from '../context.ts';
import type { OpenedSession } from './session.ts';

/**
 * Where a new refresh token goes: 'cookie' (kept by the transport, the default when
 * there is one) or 'body' (in the JSON answer) for clients without cookies.
 * In-process callers (no transport) always get it in the body.
 */
export type TokenDelivery = 'cookie' | 'body';

/** What every successful sign-up, log-in and refresh answers. */
export interface AuthResult {
  user: { id: string; accountNumber: number; fullName: string };
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** Only with body delivery: a transport-kept refresh token never reaches page scripts. */
  refreshToken?: string;
}

export const deliveryOf = (ctx: InnerContext, asked?: TokenDelivery): TokenDelivery =>
  ctx.channel ? (asked ?? 'cookie') : 'body';

/** Hands an opened session's tokens to the transport and shapes the answer. */
export function deliver(
  ctx: InnerContext,
  opened: OpenedSession,
  asked?: TokenDelivery,
): AuthResult {
  const delivery = deliveryOf(ctx, asked);
  const { user, session, accessToken, refreshToken } = opened;
  // The refresh token lives as long as its session (never past its absolute lifetime).
  const left = Math.max(0, Math.floor((session.expiresAt.getTime() - ctx.now()) / 1000));
  ctx.channel?.keep({
    accessToken,
    accessMaxAgeSec: ctx.config.accessTokenTtlSec,
    ...(delivery === 'cookie' ? { refresh: { token: refreshToken, maxAgeSec: left } } : {}),
  });
  return {
    user: { id: user.id, accountNumber: user.accountNumber, fullName: user.fullName },
    accessToken,
    expiresIn: ctx.config.accessTokenTtlSec,
    ...(delivery === 'body' ? { refreshToken } : {}),
  };
}

/** A re-issued access token (step-up) goes to the transport too. */
export function keepAccessToken(ctx: InnerContext, accessToken: string): void {
  ctx.channel?.keep({ accessToken, accessMaxAgeSec: ctx.config.accessTokenTtlSec });
}

/** Runs `fn`; when it answers UNAUTHENTICATED the transport forgets the caller's tokens. */
export async function forgettingOnRefusal<T>(ctx: InnerContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isDomainError(e) && e.code === 'UNAUTHENTICATED') ctx.channel?.forget();
    throw e;
  }
}
