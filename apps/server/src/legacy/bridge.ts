import type { CookieOptions, HttpBridge } from '@quickpay/api';

/**
 * The request's HTTP bridge, with cookies set during the request visible to later
 * procedure calls of the same request (a transparent refresh sets a new access
 * cookie that the next call must read). With `hold`, cookie writes wait for
 * commit(), so a refused log-in sends none.
 */
export interface LegacyBridge extends HttpBridge {
  commit(): void;
  discard(): void;
  /** Shows a cookie to later calls of this request only (nothing is sent to the client). */
  see(name: string, value: string): void;
}

type Write = () => void;

export function overlayBridge(base: HttpBridge, options: { hold?: boolean } = {}): LegacyBridge {
  const jar: Record<string, string | undefined> = { ...base.cookies };
  let held: Write[] = [];
  const write = (w: Write) => (options.hold ? held.push(w) : w());
  return {
    ip: base.ip,
    userAgent: base.userAgent,
    bearer: base.bearer,
    cookies: jar,
    setCookie(name: string, value: string, cookie: CookieOptions) {
      jar[name] = value;
      write(() => base.setCookie(name, value, cookie));
    },
    clearCookie(name: string, cookie: { path: string }) {
      jar[name] = undefined;
      write(() => base.clearCookie(name, cookie));
    },
    commit() {
      for (const w of held) w();
      held = [];
    },
    discard() {
      held = [];
    },
    see(name: string, value: string) {
      jar[name] = value;
    },
  };
}
