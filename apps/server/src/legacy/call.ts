import { type ApiDeps, createCaller, createInnerContext, retryAfterOf } from '@quickpay/api';
import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import type { z } from 'zod';
import { httpBridge } from '../http-bridge.ts';
import { type LegacyBridge, overlayBridge } from './bridge.ts';
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

/** One legacy request: a server-side caller over the request's cookies. */
export interface LegacyCall {
  api: Api;
  bridge: LegacyBridge;
  deps: ApiDeps;
  req: FastifyRequest;
  route: LegacyRoute;
  /** When the handler started (ms): renewal uses it to tell a page's own requests from replays. */
  arrivedAt: number;
}

/** What a handler answers: an HTTP status and a JSON body. */
export type Answer = readonly [status: number, body: unknown];

export interface RouteOptions {
  /** Hold cookie writes until success (log-in: a refused attempt sends no cookie). */
  hold?: boolean;
}

/**
 * Wraps a legacy handler: builds the caller, sends its answer, and turns any error
 * into the legacy `{error, ...flags}` shape for this endpoint.
 */
export function legacyRoute(
  deps: ApiDeps,
  route: LegacyRoute,
  handler: (call: LegacyCall) => Promise<Answer>,
  options: RouteOptions = {},
): RouteHandlerMethod {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const arrivedAt = Date.now();
    const bridge = overlayBridge(httpBridge(req, reply), options);
    // The request logger carries the request id into anything the API logs.
    const api = createCaller(createInnerContext({ ...deps, logger: req.log }, bridge, null));
    try {
      const [status, body] = await handler({ api, bridge, deps, req, route, arrivedAt });
      bridge.commit();
      if (body instanceof RawJson) {
        return reply.code(status).type('application/json; charset=utf-8').send(body.text);
      }
      return reply.code(status).send(body);
    } catch (e) {
      bridge.discard();
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
 * The caller's profile, which also proves a live session. A legacy browser keeps
 * only cookies, so an expired access token is renewed once from the refresh cookie.
 * Anything else is 401 `User not logged in`.
 */
export async function requireUser(call: LegacyCall) {
  try {
    return await call.api.profile.get();
  } catch (e) {
    if (domainCodeOf(e) !== 'UNAUTHENTICATED') throw e;
  }
  await renewSession(call);
  return call.api.profile.get();
}

/**
 * Runs one API call that needs a session, renewing an expired access token once from
 * the refresh cookie as requireUser does: a page served by a single call verifies the
 * session once.
 */
export async function withSession<T>(call: LegacyCall, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (domainCodeOf(e) !== 'UNAUTHENTICATED') throw e;
  }
  await renewSession(call);
  return fn();
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
