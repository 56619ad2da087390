import {
  type ApiDeps,
  type AuthedContext,
  type AuthedUser,
  authenticate,
  type Channel,
  createCaller,
  createInnerContext,
  type InnerContext,
  retryAfterOf,
} from '@quickpay/api';
import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import type { z } from 'zod';
import { httpChannel } from '../http-bridge.ts';
import {
  domainCodeOf,
  LegacyError,
  type LegacyRoute,
  routeFlags,
  toLegacyError,
} from './errors.ts';
import { firstMessage } from './fields.ts';
import { RawJson } from './history-cache.ts';
import { renewSession } from './renewal.ts';

export type Api = ReturnType<typeof createCaller>;

/** One legacy request: the request's context and a caller for the public procedures. */
export interface LegacyCall {
  /** The request's inner context: deps, request logger, the HTTP channel (cookies). */
  ctx: InnerContext;
  channel: Channel;
  /** A caller for public procedures (sign-up); signedIn() gives the session's caller. */
  api: Api;
  deps: ApiDeps;
  req: FastifyRequest;
  route: LegacyRoute;
  /** When the handler started (ms): renewal uses it to tell a page's own requests from replays. */
  arrivedAt: number;
}

/** The signed-in caller of a legacy request, authenticated once. */
export interface SignedIn {
  auth: AuthedUser;
  ctx: AuthedContext;
  /** A caller acting as `auth`: its procedures never re-verify the session. */
  api: Api;
}

/** What a handler answers: an HTTP status and a JSON body. */
export type Answer = readonly [status: number, body: unknown];

/**
 * Wraps a legacy handler: builds the request's context, sends its answer, and turns
 * any error into the legacy `{error, ...flags}` shape for this endpoint.
 */
export function legacyRoute(
  deps: ApiDeps,
  route: LegacyRoute,
  handler: (call: LegacyCall) => Promise<Answer>,
): RouteHandlerMethod {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const arrivedAt = Date.now();
    const channel = httpChannel(req, reply, deps.config.secureCookies);
    // The request logger carries the request id into anything the API logs.
    const ctx = createInnerContext({ ...deps, logger: req.log }, channel, null);
    try {
      const call = { ctx, channel, api: createCaller(ctx), deps, req, route, arrivedAt };
      const [status, body] = await handler(call);
      if (body instanceof RawJson) {
        return reply.code(status).type('application/json; charset=utf-8').send(body.text);
      }
      return reply.code(status).send(body);
    } catch (e) {
      const err = toLegacyError(e, route);
      const busy = domainCodeOf(e) === 'STORE_BUSY';
      if (err.status >= 500 && !busy && !(e instanceof LegacyError)) {
        req.log.error({ err: e, route }, 'legacy request failed');
      }
      if (busy) req.log.warn({ err: e, route }, 'legacy request refused: store busy');
      const wait = retryAfterOf(e);
      if (wait !== null) void reply.header('retry-after', String(wait));
      return reply.code(err.status).send({ error: err.message, ...err.flags });
    }
  };
}

/**
 * Authenticates the request once: the access cookie, or (a legacy browser keeps only
 * cookies) a renewal from the refresh cookie when it has expired (renewal.ts).
 * Anything else is 401 `User not logged in`.
 */
export async function signedIn(call: LegacyCall): Promise<SignedIn> {
  const token = call.channel.accessToken;
  const auth = (token ? await authenticate(call.ctx, token) : null) ?? (await renewSession(call));
  return asUser(call, auth);
}

/** The caller acting as `auth` (the legacy payment passes one with a fresh password proof). */
export function asUser(call: LegacyCall, auth: AuthedUser): SignedIn {
  const ctx: AuthedContext = { ...call.ctx, auth };
  return { auth, ctx, api: createCaller(ctx) };
}

/** The JSON body as a record (legacy clients may send nothing at all). */
export function bodyOf(req: FastifyRequest): Record<string, unknown> {
  const b: unknown = req.body;
  return typeof b === 'object' && b !== null && !Array.isArray(b)
    ? (b as Record<string, unknown>)
    : {};
}

/** Parses legacy fields; a refusal is 400 with the first field's message and the route's flags. */
export function parseFields<S extends z.ZodType>(
  call: LegacyCall,
  schema: S,
  value: unknown,
  status = 400,
): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new LegacyError(status, firstMessage(r.error), routeFlags(call.route));
}

/** An idempotency key for one legacy money call (the old clients never send one). */
export { randomUUID as newKey } from 'node:crypto';
