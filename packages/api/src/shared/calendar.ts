/**
 * Calendar boundaries in an IANA time zone with Intl alone: the UTC instant of a
 * local midnight, and the local year/month of an instant (month sums and date-only
 * filters follow config.timeZone, not the server's zone).
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, f);
  }
  return f;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
}

function parts(instant: number, timeZone: string) {
  const out: Record<string, number> = {};
  for (const p of formatFor(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year ?? 1970,
    month: out.month ?? 1,
    day: out.day ?? 1,
    hour: out.hour ?? 0,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

/** Local calendar date of an instant in the zone. */
export function localDate(instant: number, timeZone: string): LocalParts {
  const { year, month, day } = parts(instant, timeZone);
  return { year, month, day };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const p = parts(instant, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The instant of local midnight starting year-month-day (fields may overflow, as in Date.UTC). */
export function localMidnight(year: number, month: number, day: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day);
  let t = wall - offsetAt(wall, timeZone);
  // Re-check at the candidate: the offset may differ across a DST change.
  const second = offsetAt(t, timeZone);
  if (wall - second !== t) t = wall - second;
  return new Date(t);
}

/** 'YYYY-MM' for a month index that may overflow (month 0 is the previous December). */
export function monthLabel(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
