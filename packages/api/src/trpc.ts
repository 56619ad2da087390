import { isDomainError } from '@quickpay/db';
import { initTRPC } from '@trpc/server';
import { ZodError, z } from 'zod';
import { resolveAuth } from './auth/session.ts';
import type { AuthedUser, InnerContext } from './context.ts';
import { domainCauseOf, fail, toTRPCError, WeakPassword } from './errors.ts';

export type Context = InnerContext;

const t = initTRPC.context<Context>().create({
  // events.subscribe: a ping every 15 s keeps proxies from closing an idle stream, and a
  // client that hears nothing for 40 s reconnects (resuming from its last event id).
  sse: {
    ping: { enabled: true, intervalMs: 15_000 },
    client: { reconnectAfterInactivityMs: 40_000 },
  },
  // Plain JSON on the wire (no transformer) so any HTTP client can call /trpc.
  errorFormatter({ shape, error }) {
    const { stack: _stack, ...data } = shape.data;
    const domain = domainCauseOf(error);
    const hidden = error.code === 'INTERNAL_SERVER_ERROR' && !domain;
    return {
      ...shape,
      // Unexpected failures may carry driver text: clients get a generic message.
      message: hidden ? 'Internal server error' : (readableMessage(error.cause) ?? shape.message),
      data: {
        ...data,
        domainCode: domain?.code ?? null,
        // Which password rule failed, so a form can say it on the field (auth/password-policy.ts).
        passwordRule: domain instanceof WeakPassword ? domain.rule : null,
        zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
      },
    };
  },
});

/** zod's own message is its issue list as JSON; clients get one line per field instead. */
function readableMessage(cause: unknown): string | null {
  if (!(cause instanceof ZodError)) return null;
  return cause.issues
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : 'input'}: ${i.message}`)
    .join('; ');
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** Turns every DomainError thrown below into its mapped TRPCError (errors.ts). */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isDomainError(result.error.cause)) throw toTRPCError(result.error.cause);
  return result;
});

export const publicProcedure = t.procedure.use(mapDomainErrors);

/** Needs a verified access token with a live session; narrows ctx.auth. */
export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const auth: AuthedUser | null = await resolveAuth(ctx);
  if (!auth) fail('UNAUTHENTICATED', 'Not logged in');
  return next({ ctx: { auth } });
});

/** Money movement: the password must have been proved within config.recentAuthSec. */
export const recentAuthProcedure = authedProcedure.use(({ ctx, next }) => {
  const ageMs = ctx.now() - ctx.auth.authTime.getTime();
  if (ageMs > ctx.config.recentAuthSec * 1000) {
    fail('REAUTH_REQUIRED', 'Confirm your password to continue');
  }
  return next();
});
