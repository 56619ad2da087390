import { renderToStaticMarkup } from 'react-dom/server';
import { expect, describe as group, it } from 'vitest';
import { loginIdentity } from '../pages/LogIn.tsx';
import { describe } from './Activity.tsx';
import { Field } from './Field.tsx';
import { ProgressBar } from './ui.tsx';

group('ProgressBar', () => {
  it('reports a clamped whole percentage', () => {
    expect(renderToStaticMarkup(<ProgressBar value={250} max={1000} label="x" />)).toContain(
      'aria-valuenow="25"',
    );
    expect(renderToStaticMarkup(<ProgressBar value={5000} max={1000} label="x" />)).toContain(
      'aria-valuenow="100"',
    );
    expect(renderToStaticMarkup(<ProgressBar value={5} max={0} label="x" />)).toContain(
      'aria-valuenow="0"',
    );
  });
});

group('Field', () => {
  it('ties the label, the hint and an announced error to the input', () => {
    const html = renderToStaticMarkup(<Field label="Amount" hint="In rupees" error="Too much" />);
    const id = /<input id="([^"]+)"/.exec(html)?.[1];
    expect(html).toContain(`<label for="${id}">Amount</label>`);
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain(`aria-describedby="${id}-hint ${id}-error"`);
    expect(html).toMatch(/role="alert">Too much</);
  });

  it('is not marked invalid without an error', () => {
    expect(renderToStaticMarkup(<Field label="Amount" />)).not.toContain('aria-invalid');
  });
});

group('activity descriptions', () => {
  const base = { id: 't', note: '', createdAt: '2026-01-01T00:00:00Z' };
  it('says who a transfer came from or went to', () => {
    const counterparty = { name: 'Asha Rao', accountNumber: 1001 };
    expect(describe({ ...base, kind: 'transfer', amount: 100, counterparty })).toBe(
      'From Asha Rao (1001)',
    );
    expect(describe({ ...base, kind: 'transfer', amount: -100, counterparty })).toBe(
      'To Asha Rao (1001)',
    );
  });

  it('names the goal for goal movements', () => {
    const counterparty = { name: 'Holiday', accountNumber: null };
    expect(describe({ ...base, kind: 'goal_deposit', amount: -100, counterparty })).toBe(
      'To savings goal: Holiday',
    );
  });
});

group('loginIdentity', () => {
  it('reads a short number as an account number and anything longer as a phone', () => {
    expect(loginIdentity(' 1001 ')).toEqual({ accountNumber: 1001 });
    expect(loginIdentity('98765 43210')).toEqual({ phone: '9876543210' });
    expect(loginIdentity('+91 98765-43210')).toEqual({ phone: '+919876543210' });
  });
});
