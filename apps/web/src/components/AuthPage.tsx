import { type ReactNode, useEffect } from 'react';

/** The frame of the signed-out pages (log in, sign up, forgot password). */
export function AuthPage({ title, children }: { title: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Quickpay`;
  }, [title]);
  return (
    <main id="main" className="auth-page">
      <p className="brand">
        <strong>Quickpay</strong>
      </p>
      <section className="card stack">
        <h1>{title}</h1>
        {children}
      </section>
    </main>
  );
}
