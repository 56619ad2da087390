import type { CookieOptions, HttpBridge } from '@quickpay/api';
import { describe, expect, it } from 'vitest';
import { overlayBridge } from './bridge.ts';

const opts: CookieOptions = { httpOnly: true, sameSite: 'lax', secure: false, path: '/' };

function base(cookies: Record<string, string> = {}) {
  const sent: string[] = [];
  const http: HttpBridge = {
    ip: '198.51.100.1',
    userAgent: 'legacy',
    bearer: null,
    cookies,
    setCookie: (name, value) => sent.push(`set ${name}=${value}`),
    clearCookie: (name) => sent.push(`clear ${name}`),
  };
  return { http, sent };
}

describe('legacy overlay bridge', () => {
  it('shows a cookie set during the request to later calls and passes it on', () => {
    const { http, sent } = base({ qp_at: 'old' });
    const b = overlayBridge(http);
    expect(b.cookies.qp_at).toBe('old');
    b.setCookie('qp_at', 'new', opts);
    expect(b.cookies.qp_at).toBe('new');
    b.clearCookie('qp_rt', { path: '/' });
    expect(b.cookies.qp_rt).toBeUndefined();
    expect(sent).toEqual(['set qp_at=new', 'clear qp_rt']);
  });

  it('with hold, sends cookies only on commit and none after discard', () => {
    const { http, sent } = base();
    const b = overlayBridge(http, { hold: true });
    b.setCookie('qp_at', 'a', opts);
    expect(b.cookies.qp_at).toBe('a');
    expect(sent).toEqual([]);
    b.commit();
    expect(sent).toEqual(['set qp_at=a']);
    b.setCookie('qp_rt', 'r', opts);
    b.discard();
    b.commit();
    expect(sent).toEqual(['set qp_at=a']);
  });

  it('see() shows a cookie to later calls without sending it', () => {
    const { http, sent } = base();
    const b = overlayBridge(http);
    b.see('qp_at', 'shared');
    expect(b.cookies.qp_at).toBe('shared');
    b.commit();
    expect(sent).toEqual([]);
  });

  it('keeps the request cookies of the base untouched', () => {
    const cookies = { qp_at: 'old' };
    const b = overlayBridge(base(cookies).http);
    b.setCookie('qp_at', 'new', opts);
    expect(cookies.qp_at).toBe('old');
  });
});
