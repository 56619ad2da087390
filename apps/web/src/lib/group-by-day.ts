export interface DayGroup<T> {
  /** 'YYYY-MM-DD' in the browser's zone. */
  day: string;
  /** 'Today', 'Yesterday', or e.g. 'Wed, 2 Dec 2026'. */
  label: string;
  items: T[];
}

const dayKey = (d: Date): string =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

const dayFmt = new Intl.DateTimeFormat('en-IN', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

/** Newest-first items into one group per local day, in the same order. */
export function groupByDay<T extends { createdAt: string }>(
  items: readonly T[],
  now: Date = new Date(),
): DayGroup<T>[] {
  const today = dayKey(now);
  const y = new Date(now);
  y.setDate(y.getDate() - 1);
  const yesterday = dayKey(y);
  const groups: DayGroup<T>[] = [];
  for (const item of items) {
    const at = new Date(item.createdAt);
    const day = dayKey(at);
    let g = groups[groups.length - 1];
    if (!g || g.day !== day) {
      const label = day === today ? 'Today' : day === yesterday ? 'Yesterday' : dayFmt.format(at);
      g = { day, label, items: [] };
      groups.push(g);
    }
    g.items.push(item);
  }
  return groups;
}
