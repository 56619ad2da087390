import type { CookieSerializeOptions } from '@fastify/cookie';
import type { Channel, IssuedTokens } from '@quickpay/api';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Access token cookie (every path) and refresh token cookie. */
export const ACCESS_COOKIE = 'qp_at';
export const REFRESH_COOKIE = 'qp_rt';
// The refresh cookie goes to '/' (not only /trpc) so the legacy /api adapter can renew too.
const REFRESH_COOKIE_PATH = '/';

/**
 * The one place HTTP meets the API's session tokens (the tRPC plugin and the legacy
 * routes both use it): a bearer header or the access cookie becomes the presented
 * access token, and tokens the API issues become httpOnly cookies.
 */
export function httpChannel(req: FastifyRequest, reply: FastifyReply, secure: boolean): Channel {
  const header = req.headers.authorization;
  const bearer = header === undefined ? null : (/^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? null);
  const cookie = (path: string, maxAge: number): CookieSerializeOptions => ({
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path,
    maxAge,
  });
  return {
    ip: req.ip,
    userAgent: req.headers['user-agent'] ?? '',
    accessToken: bearer ?? req.cookies[ACCESS_COOKIE] ?? null,
    refreshToken: req.cookies[REFRESH_COOKIE] ?? null,
    keep(tokens: IssuedTokens) {
      void reply.setCookie(ACCESS_COOKIE, tokens.accessToken, cookie('/', tokens.accessMaxAgeSec));
      if (tokens.refresh) {
        const { token, maxAgeSec } = tokens.refresh;
        void reply.setCookie(REFRESH_COOKIE, token, cookie(REFRESH_COOKIE_PATH, maxAgeSec));
      }
    },
    forget() {
      void reply.clearCookie(ACCESS_COOKIE, { path: '/' });
      void reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
    },
  };
}
