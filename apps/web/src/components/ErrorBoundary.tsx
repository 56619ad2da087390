import { Component, type ErrorInfo, type ReactNode } from 'react';

/**
 * What a person sees when a page breaks while drawing. Never the exception's own text:
 * it is written for developers (and may name internals); the error goes to the console.
 */
export function BrokenPage({ home = '/dashboard' }: { home?: string }) {
  return (
    <section className="card stack" role="alert" aria-labelledby="broken-h">
      <h1 id="broken-h">Something went wrong on this page</h1>
      <p>
        Nothing you entered has been sent because of this. Reload the page to try again, or go to
        your <a href={home}>dashboard</a>.
      </p>
      <div>
        <button type="button" onClick={() => window.location.reload()}>
          Reload the page
        </button>
      </div>
    </section>
  );
}

interface Props {
  children: ReactNode;
  /** Where "dashboard" leads (the log-in page when no one is signed in). */
  home?: string;
}

/**
 * Catches an error thrown while rendering the routes below it and shows BrokenPage
 * instead of a blank screen. Give it a `key` that changes with the page, so moving
 * to another page tries again.
 */
export class ErrorBoundary extends Component<Props, { broken: boolean }> {
  override state = { broken: false };

  static getDerivedStateFromError(): { broken: boolean } {
    return { broken: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('A page failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.broken ? <BrokenPage home={this.props.home} /> : this.props.children;
  }
}
