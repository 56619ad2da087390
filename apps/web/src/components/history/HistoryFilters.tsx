import { useEffect, useId, useRef, useState } from 'react';
import { type Filters, KINDS } from '../../lib/history-filters.ts';
import { Field } from '../Field.tsx';
import { kindLabel } from '../ui.tsx';

const SEARCH_PAUSE_MS = 300;

/** The history filters; every change applies at once (the search once typing pauses). */
export function HistoryFilters({
  filters,
  onChange,
}: {
  filters: Filters;
  onChange: (next: Filters) => void;
}) {
  const kindId = useId();
  const [q, setQ] = useState(filters.q ?? '');
  const sent = useRef(filters.q ?? '');
  // The URL is the truth: a search cleared or changed elsewhere (Clear, Back) shows here.
  useEffect(() => {
    const fromUrl = filters.q ?? '';
    if (fromUrl === sent.current) return;
    sent.current = fromUrl;
    setQ(fromUrl);
  }, [filters.q]);
  useEffect(() => {
    if (q.trim() === sent.current) return;
    const t = setTimeout(() => {
      sent.current = q.trim();
      onChange({ ...filters, q: q.trim() });
    }, SEARCH_PAUSE_MS);
    return () => clearTimeout(t);
  }, [q, filters, onChange]);

  return (
    <div className="filters">
      <div className="field">
        <label htmlFor={kindId}>Type</label>
        <select
          id={kindId}
          value={filters.kind ?? ''}
          onChange={(e) => {
            const kind = KINDS.find((k) => k === e.target.value);
            const { kind: _old, ...rest } = filters;
            onChange(kind ? { ...rest, kind } : rest);
          }}
        >
          <option value="">All</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {kindLabel(k)}
            </option>
          ))}
        </select>
      </div>
      <Field
        label="From"
        type="date"
        value={filters.from ?? ''}
        max={filters.to}
        onChange={(e) => onChange({ ...filters, from: e.target.value })}
      />
      <Field
        label="To"
        type="date"
        value={filters.to ?? ''}
        min={filters.from}
        onChange={(e) => onChange({ ...filters, to: e.target.value })}
      />
      <Field label="Search" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
    </div>
  );
}
