import type { CookieOptions, HttpBridge } from '@quickpay/api';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** What the API sees of one HTTP exchange; also used by the legacy adapter. */
export function httpBridge(req: FastifyRequest, reply: FastifyReply): HttpBridge {
  const auth = req.headers.authorization;
  const match = auth === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(auth);
  return {
    ip: req.ip,
    userAgent: req.headers['user-agent'] ?? '',
    bearer: match?.[1] ?? null,
    cookies: req.cookies,
    setCookie(name: string, value: string, options: CookieOptions) {
      void reply.setCookie(name, value, options);
    },
    clearCookie(name: string, options: { path: string }) {
      void reply.clearCookie(name, options);
    },
  };
}
