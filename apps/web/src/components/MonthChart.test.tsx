import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { compactMoney, niceMax } from '../lib/chart-scale.ts';
import type { Minor } from '../lib/money.ts';
import { MonthChart } from './MonthChart.tsx';

const m = (n: number) => n as Minor;
const heights = (html: string, cls: string): number[] =>
  [...html.matchAll(new RegExp(`class="${cls}" style="height:([\\d.]+)%"`, 'g'))].map((x) =>
    Number(x[1]),
  );

describe('MonthChart', () => {
  it('draws income and expense bars to one nice scale, expense as a positive height', () => {
    const html = renderToStaticMarkup(
      <MonthChart
        currency="INR"
        months={[
          { month: '2026-10', income: m(10000), expense: m(-5000) },
          { month: '2026-11', income: m(0), expense: m(-2500) },
        ]}
      />,
    );
    expect(heights(html, 'bar-in')).toEqual([100, 0]);
    expect(heights(html, 'bar-out')).toEqual([50, 25]);
  });

  it('has a y-axis, the year, and the picked month’s figures for screen readers', () => {
    const html = renderToStaticMarkup(
      <MonthChart
        currency="INR"
        months={[
          { month: '2025-12', income: m(0), expense: m(0) },
          { month: '2026-01', income: m(123456), expense: m(-99) },
        ]}
      />,
    );
    expect(html).toContain('₹2K'); // axis top for ₹1,234.56
    expect(html).toContain('<small>2025</small>');
    expect(html).toContain('<small>2026</small>');
    expect(html).toContain('role="slider"');
    expect(html).toContain('aria-valuetext="January 2026: in ₹1,234.56, out ₹0.99"');
  });

  it('draws empty months without dividing by zero', () => {
    const html = renderToStaticMarkup(
      <MonthChart currency="INR" months={[{ month: '2026-02', income: m(0), expense: m(0) }]} />,
    );
    expect(html).not.toContain('NaN');
  });
});

describe('chart scale', () => {
  it('rounds the axis up to 1, 2, 2.5 or 5 × 10^n', () => {
    expect([1, 101, 150, 230, 260, 999, 1000].map(niceMax)).toEqual([
      1, 200, 200, 250, 500, 1000, 1000,
    ]);
    expect(niceMax(0)).toBe(100);
    expect(compactMoney(250_000_00, 'INR', 2)).toMatch(/^₹2\.5L|₹250K$/);
  });
});
