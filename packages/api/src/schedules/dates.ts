import { addDays } from '@quickpay/db';
import { localDate, localMidnight } from '../shared/calendar.ts';

/** The local date 'YYYY-MM-DD' of an instant in the zone. */
export function localDateString(instant: number, timeZone: string): string {
  const { year, month, day } = localDate(instant, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The instant a local date starts in the zone (an occurrence is due from then). */
export function startOfLocalDate(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return localMidnight(y ?? 1970, m ?? 1, d ?? 1, timeZone);
}

/** The instant the local day holding `instant` ends (the next local midnight). */
export function endOfLocalDay(instant: number, timeZone: string): Date {
  return startOfLocalDate(addDays(localDateString(instant, timeZone), 1), timeZone);
}
