export const KINDS = [
  'deposit',
  'withdrawal',
  'transfer',
  'goal_deposit',
  'goal_withdrawal',
  'goal_refund',
] as const;
export type Kind = (typeof KINDS)[number];

/** History filters as the API takes them; they live in the URL so a reload keeps them. */
export interface Filters {
  kind?: Kind;
  from?: string;
  to?: string;
  q?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the filters from a query string, dropping anything malformed (a hand-edited URL). */
export function filtersFromParams(params: URLSearchParams): Filters {
  const kind = KINDS.find((k) => k === params.get('kind'));
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const q = (params.get('q') ?? '').trim().slice(0, 100);
  return {
    ...(kind ? { kind } : {}),
    ...(DAY.test(from) ? { from } : {}),
    ...(DAY.test(to) ? { to } : {}),
    ...(q ? { q } : {}),
  };
}

/** The query string for these filters, in a fixed order (empty ones left out). */
export function paramsFromFilters(f: Filters): URLSearchParams {
  const p = new URLSearchParams();
  for (const key of ['kind', 'from', 'to', 'q'] as const) {
    const v = f[key];
    if (v) p.set(key, v);
  }
  return p;
}

export const activeFilterCount = (f: Filters): number =>
  (['kind', 'from', 'to', 'q'] as const).filter((k) => f[k]).length;
