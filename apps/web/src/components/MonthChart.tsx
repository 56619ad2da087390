import { type KeyboardEvent, type PointerEvent, useId, useState } from 'react';
import { compactMoney, niceMax, parseMonth, ticks } from '../lib/chart-scale.ts';
import { formatMoney, type Minor, minorDigits } from '../lib/money.ts';

export interface MonthFlow {
  /** 'YYYY-MM' */
  month: string;
  income: Minor;
  expense: Minor;
}

const monthFmt = new Intl.DateTimeFormat('en-IN', { month: 'short', timeZone: 'UTC' });
const narrowFmt = new Intl.DateTimeFormat('en-IN', { month: 'narrow', timeZone: 'UTC' });
const monthYearFmt = new Intl.DateTimeFormat('en-IN', {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const at = (ym: string, fmt: Intl.DateTimeFormat): string => {
  const p = parseMonth(ym);
  return p ? fmt.format(Date.UTC(p.year, p.month - 1, 1)) : ym;
};

/**
 * Money in and out per month as paired bars in HTML (labels stay readable at any
 * width), with a y-axis and the year. The plot is one slider: hovering, tapping or
 * the arrow keys pick a month, whose figures show above the chart.
 */
export function MonthChart({
  months,
  currency,
}: {
  months: readonly MonthFlow[];
  currency: string;
}) {
  const id = useId();
  const [picked, setPicked] = useState(months.length - 1);
  const sel = Math.min(Math.max(0, picked), months.length - 1);
  const digits = minorDigits(currency);
  const top = niceMax(Math.max(0, ...months.flatMap((m) => [m.income, Math.abs(m.expense)])));
  const pct = (v: Minor) => `${Math.min(100, (Math.abs(v) * 100) / top)}%`;
  const current = months[sel];
  const text = (m: MonthFlow) =>
    `${at(m.month, monthYearFmt)}: in ${formatMoney(m.income, currency)}, out ${formatMoney(Math.abs(m.expense), currency)}`;

  const fromPointer = (e: PointerEvent<HTMLDivElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const i = Math.floor(((e.clientX - r.left) / r.width) * months.length);
    setPicked(Math.min(months.length - 1, Math.max(0, i)));
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const next = { ArrowLeft: sel - 1, ArrowRight: sel + 1, Home: 0, End: months.length - 1 }[
      e.key
    ];
    if (next === undefined) return;
    e.preventDefault();
    setPicked(Math.min(months.length - 1, Math.max(0, next)));
  };

  return (
    <figure className="mchart">
      {current && (
        <p className="mchart-readout" aria-hidden="true">
          <strong>{at(current.month, monthYearFmt)}</strong>{' '}
          <span className="money in">In {formatMoney(current.income, currency)}</span>{' '}
          <span className="money out">Out {formatMoney(Math.abs(current.expense), currency)}</span>
        </p>
      )}
      <div className="mchart-body">
        <div className="mchart-y" aria-hidden="true">
          {ticks(top).map((v) => (
            <span key={v}>{compactMoney(v, currency, digits)}</span>
          ))}
        </div>
        <div
          className="mchart-plot"
          role="slider"
          tabIndex={0}
          aria-label={`Money in and out over the last ${months.length} months`}
          aria-describedby={`${id}-hint`}
          aria-valuemin={0}
          aria-valuemax={Math.max(0, months.length - 1)}
          aria-valuenow={sel}
          aria-valuetext={current ? text(current) : 'No months'}
          onKeyDown={onKey}
          onPointerMove={fromPointer}
          onPointerDown={fromPointer}
        >
          {months.map((m, i) => (
            <div key={m.month} className={i === sel ? 'mcol picked' : 'mcol'}>
              <div className="bar-in" style={{ height: pct(m.income) }} />
              <div className="bar-out" style={{ height: pct(m.expense) }} />
            </div>
          ))}
        </div>
      </div>
      <div className="mchart-x" aria-hidden="true">
        {months.map((m, i) => {
          const p = parseMonth(m.month);
          const showYear = i === 0 || p?.month === 1;
          return (
            <span key={m.month}>
              <span className="m-short">{at(m.month, monthFmt)}</span>
              <span className="m-narrow">{at(m.month, narrowFmt)}</span>
              {showYear && p && <small>{p.year}</small>}
            </span>
          );
        })}
      </div>
      <figcaption className="legend">
        <span>
          <span className="swatch in" aria-hidden="true" />
          Money in
        </span>
        <span>
          <span className="swatch out" aria-hidden="true" />
          Money out
        </span>
        <span id={`${id}-hint`} className="muted">
          Point at a month, or use the arrow keys, to see its figures.
        </span>
      </figcaption>
    </figure>
  );
}
