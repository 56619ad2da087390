import type { ServerConfig } from './env.ts';

const LOCAL_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

type OriginCallback = (err: Error | null, allow: boolean) => void;

/**
 * The CORS allow-list: CORS_ORIGINS exactly, plus (outside production) any
 * http://localhost:* or http://127.0.0.1:* page, e.g. the legacy static front end
 * on :5500 or the Vite dev server. Allowed origins are echoed, never `*`, since
 * requests carry cookies.
 */
export function corsOrigin(config: Pick<ServerConfig, 'corsOrigins' | 'nodeEnv'>) {
  const allowed = new Set(config.corsOrigins);
  const allowLocal = config.nodeEnv !== 'production';
  return (origin: string | undefined, cb: OriginCallback): void => {
    // No Origin header: not a cross-origin browser request, nothing to allow.
    const ok =
      origin !== undefined && (allowed.has(origin) || (allowLocal && LOCAL_ORIGIN.test(origin)));
    cb(null, ok);
  };
}
