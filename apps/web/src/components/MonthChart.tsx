import { useId } from 'react';
import { formatMoney, type Minor } from '../lib/money.ts';

export interface MonthFlow {
  /** 'YYYY-MM' */
  month: string;
  income: Minor;
  expense: Minor;
}

const W = 600;
const H = 200;
const TOP = 10;
const BOTTOM = 24;

const monthLabel = (ym: string): string => {
  const [y, m] = ym.split('-').map(Number);
  if (!y || !m) return ym;
  return new Intl.DateTimeFormat('en-IN', { month: 'short', timeZone: 'UTC' }).format(
    Date.UTC(y, m - 1, 1),
  );
};

/** Income and expense per month as paired bars, in plain SVG; the numbers are in the title text too. */
export function MonthChart({
  months,
  currency,
}: {
  months: readonly MonthFlow[];
  currency: string;
}) {
  const id = useId();
  const max = Math.max(1, ...months.flatMap((m) => [m.income, Math.abs(m.expense)]));
  const slot = W / Math.max(1, months.length);
  const barW = Math.max(2, slot / 2 - 4);
  const plotH = H - TOP - BOTTOM;
  const h = (v: Minor) => (Math.abs(v) / max) * plotH;
  const summary = months
    .map(
      (m) =>
        `${monthLabel(m.month)}: in ${formatMoney(m.income, currency)}, out ${formatMoney(Math.abs(m.expense), currency)}`,
    )
    .join('; ');

  return (
    <figure className="stack" aria-labelledby={`${id}-cap`}>
      <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title`}>
        <title
          id={`${id}-title`}
        >{`Money in and out over the last ${months.length} months. ${summary}`}</title>
        <line x1={0} x2={W} y1={H - BOTTOM} y2={H - BOTTOM} stroke="#9aa5a0" />
        {months.map((m, i) => {
          const x = i * slot + (slot - 2 * barW - 2) / 2;
          return (
            <g key={m.month}>
              <rect
                className="bar-in"
                x={x}
                y={H - BOTTOM - h(m.income)}
                width={barW}
                height={h(m.income)}
              />
              <rect
                className="bar-out"
                x={x + barW + 2}
                y={H - BOTTOM - h(m.expense)}
                width={barW}
                height={h(m.expense)}
              />
              <text x={i * slot + slot / 2} y={H - 8} textAnchor="middle">
                {monthLabel(m.month)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption id={`${id}-cap`} className="legend">
        <span>
          <span className="swatch in" aria-hidden="true" />
          Money in
        </span>
        <span>
          <span className="swatch out" aria-hidden="true" />
          Money out
        </span>
      </figcaption>
    </figure>
  );
}
