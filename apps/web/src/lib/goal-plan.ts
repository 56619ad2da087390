import type { Minor } from './money.ts';

/** What a goal still needs, and how, on a given day. */
export type GoalPlan =
  | { kind: 'reached' }
  /** No target date: only how much is left. */
  | { kind: 'open'; remaining: Minor }
  /** The target date has passed without reaching it. */
  | { kind: 'overdue'; remaining: Minor }
  /** The target date is later this month: the rest is due by then. */
  | { kind: 'this-month'; remaining: Minor }
  /** Months left until the target month: `perMonth` each (rounded up, so it is reached). */
  | { kind: 'monthly'; remaining: Minor; months: number; perMonth: Minor };

/** 'YYYY-MM-DD' (or an ISO instant: its date part) as [year, month]. */
function yearMonth(day: string): [number, number] {
  return [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
}

/**
 * The plan for a goal: `today` and `targetDate` are calendar days ('YYYY-MM-DD'; a
 * stored target is midnight UTC, so its ISO string's date part is the day chosen).
 * Months left counts month boundaries from today's month to the target's, so a goal
 * due 10 March seen on 20 January has 2 (February and March). Amounts are integer
 * minor units, and the monthly amount is rounded up to the minor unit.
 */
export function goalPlan(
  goal: { savedAmount: Minor; targetAmount: Minor; targetDate: string | null },
  today: string,
): GoalPlan {
  const remaining = goal.targetAmount - goal.savedAmount;
  if (remaining <= 0) return { kind: 'reached' };
  if (!goal.targetDate) return { kind: 'open', remaining };
  const target = goal.targetDate.slice(0, 10);
  if (target < today) return { kind: 'overdue', remaining };
  const [ty, tm] = yearMonth(target);
  const [y, m] = yearMonth(today);
  const months = (ty - y) * 12 + (tm - m);
  if (months <= 0) return { kind: 'this-month', remaining };
  return { kind: 'monthly', remaining, months, perMonth: Math.ceil(remaining / months) };
}

/** The plan in a sentence, with the app's money and date formats passed in. */
export function describeGoalPlan(
  plan: GoalPlan,
  money: (amount: Minor) => string,
  by: string | null,
): string {
  switch (plan.kind) {
    case 'reached':
      return 'Target reached.';
    case 'open':
      return `${money(plan.remaining)} to go.`;
    case 'overdue':
      return `The target date has passed; ${money(plan.remaining)} still to go.`;
    case 'this-month':
      return `Save ${money(plan.remaining)} by ${by} to reach it.`;
    case 'monthly':
      return `Save ${money(plan.perMonth)} a month to reach it by ${by}.`;
  }
}

/** Today in the browser's zone as 'YYYY-MM-DD'. */
export function localDay(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const dayFmt = new Intl.DateTimeFormat('en-IN', { dateStyle: 'medium', timeZone: 'UTC' });

/** A calendar day as the app writes dates ('31 Mar 2027'), without a time. */
export function formatDay(day: string): string {
  const [y, m] = yearMonth(day);
  return dayFmt.format(new Date(Date.UTC(y, m - 1, Number(day.slice(8, 10)))));
}
