import { TRPCClientError } from '@trpc/client';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import { errorMessage } from './errors.ts';

/**
 * No exception's own text reaches the screen: every failure a page can meet maps to a
 * sentence for people (issue 15 item 8). Each raw text below must not be shown.
 */
const GENERIC = 'Something went wrong. Please try again.';
const NETWORK = /Could not reach Quickpay/;

describe('what the screen says for errors that are not the API speaking', () => {
  it('a network failure, as Chromium, Firefox and Safari word it, through tRPC or not', () => {
    for (const raw of [
      'Failed to fetch',
      'NetworkError when attempting to fetch resource.',
      'Load failed',
    ]) {
      expect(errorMessage(new TypeError(raw)), raw).toMatch(NETWORK);
      expect(errorMessage(TRPCClientError.from(new TypeError(raw))), raw).toMatch(NETWORK);
    }
  });

  it('an answer that was not JSON (a proxy error page) is an answer lost, not its parse error', () => {
    const parse = new SyntaxError(`Unexpected token '<', "<!doctype "... is not valid JSON`);
    const shown = errorMessage(TRPCClientError.from(parse));
    expect(shown).toMatch(NETWORK);
    expect(shown).not.toContain('JSON');
    expect(errorMessage(parse)).toBe(GENERIC);
  });

  it('a programming error, a thrown string or nothing at all reads as a plain apology', () => {
    for (const e of [
      new TypeError("Cannot read properties of undefined (reading 'balance')"),
      new RangeError('Invalid time value'),
      new Error('at Object.<anonymous> (/src/pages/Pay.tsx:42:7)'),
      'boom',
      undefined,
      null,
      { message: 42 },
    ]) {
      expect(errorMessage(e), String(e)).toBe(GENERIC);
    }
  });

  it("a server failure without a domain code is the server's fault, in its words not the stack's", () => {
    const e = TRPCClientError.from({
      error: {
        code: -32603,
        message: 'TypeError: x is not a function\n    at handler (api.ts:1:1)',
        data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 },
      },
    });
    const shown = errorMessage(e);
    expect(shown).not.toContain('TypeError');
    expect(shown).toBe('Something went wrong on our side.');
  });
});

describe('ErrorBoundary', () => {
  it('shows a friendly page, never the error, once a page has thrown', () => {
    expect(ErrorBoundary.getDerivedStateFromError()).toEqual({ broken: true });
    const boundary = new ErrorBoundary({ children: 'the page' });
    expect(renderToStaticMarkup(boundary.render())).toBe('the page');
    boundary.state = ErrorBoundary.getDerivedStateFromError();
    const html = renderToStaticMarkup(boundary.render());
    expect(html).toContain('Something went wrong on this page');
    expect(html).toContain('Reload the page');
    expect(html).toContain('href="/dashboard"');
  });
});
