import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MonthChart } from './MonthChart.tsx';

const heights = (html: string, cls: string): number[] =>
  [...html.matchAll(new RegExp(`class="${cls}"[^>]*height="([\\d.]+)"`, 'g'))].map((m) =>
    Number(m[1]),
  );

describe('MonthChart', () => {
  it('draws income and expense bars to one scale, expense as a positive height', () => {
    const html = renderToStaticMarkup(
      <MonthChart
        currency="INR"
        months={[
          { month: '2026-10', income: 10000, expense: -5000 },
          { month: '2026-11', income: 0, expense: -2500 },
        ]}
      />,
    );
    const income = heights(html, 'bar-in');
    const expense = heights(html, 'bar-out');
    expect(income).toHaveLength(2);
    expect(expense[0]).toBeCloseTo((income[0] ?? 0) / 2);
    expect(expense[1]).toBeCloseTo((income[0] ?? 0) / 4);
    expect(income[1]).toBe(0);
  });

  it('names every month and its amounts in the accessible title', () => {
    const html = renderToStaticMarkup(
      <MonthChart currency="INR" months={[{ month: '2026-01', income: 123456, expense: -99 }]} />,
    );
    expect(html).toContain('role="img"');
    expect(html).toMatch(
      /<title[^>]*>Money in and out over the last 1 months\. Jan: in ₹1,234\.56, out ₹0\.99<\/title>/,
    );
  });

  it('draws empty months without dividing by zero', () => {
    const html = renderToStaticMarkup(
      <MonthChart currency="INR" months={[{ month: '2026-02', income: 0, expense: 0 }]} />,
    );
    expect(html).not.toContain('NaN');
  });
});
