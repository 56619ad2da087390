import { addDays, type DateRange, userAccount } from '@quickpay/db';
import type { AuthedContext } from '../context.ts';
import { localDateString } from '../schedules/dates.ts';
import { type UpcomingPayment, upcomingPayments } from '../schedules/views.ts';
import { localDate, localMidnight, monthLabel } from '../shared/calendar.ts';
import {
  type ContactView,
  contactView,
  type GoalView,
  goalView,
  historyView,
  type TransferView,
} from '../shared/views.ts';
import { ownGoalMoves, withoutOwnMoves } from './own-moves.ts';

export interface MonthFlow {
  /** 'YYYY-MM' in config.timeZone. */
  month: string;
  income: number;
  /** <= 0 */
  expense: number;
}

/** The figures the dashboard and the account summary share. */
export interface AccountFigures {
  balance: number;
  currency: string;
  /** This calendar month (config.timeZone): money in (>= 0) and out (<= 0) of the main account. */
  monthIncome: number;
  monthExpense: number;
  /** All time, same signs. */
  totalIncome: number;
  totalExpense: number;
  /** Sum saved in active goals. */
  savingsTotal: number;
  /** The 4 newest active goals. */
  goals: GoalView[];
  /** The 4 newest contacts. */
  contacts: ContactView[];
}

/**
 * In the dashboard, every flow (this month, the 12 months, all time) leaves out money
 * moved between the user's main account and their own goals; the summary counts it.
 */
export interface Dashboard extends AccountFigures {
  /** The 10 newest history items. */
  recent: TransferView[];
  /** 12 calendar months, oldest first, the current one last. */
  months: MonthFlow[];
  /** Scheduled payments of the next 7 days (today and the 6 after it), by date. */
  upcoming: UpcomingPayment[];
}

export interface MonthRanges {
  months: readonly { label: string; range: DateRange }[];
  allTime: DateRange;
}

/**
 * The ranges only change with the zone's local year-month, so they are computed once
 * per (timeZone, year-month): one Intl call per request instead of ~50 (~150 µs).
 */
const rangeCache = new Map<string, MonthRanges>();

/** 12 month ranges ending with the current one, plus all time: 13 ranges in one flowSums call. */
export function monthRanges(now: number, timeZone: string): MonthRanges {
  const { year, month } = localDate(now, timeZone);
  const key = `${timeZone}|${year}-${month}`;
  let ranges = rangeCache.get(key);
  if (!ranges) {
    ranges = computeMonthRanges(year, month, timeZone);
    // One entry per zone and month: a bound only matters for a long-lived process.
    if (rangeCache.size >= 64) rangeCache.clear();
    rangeCache.set(key, ranges);
  }
  return ranges;
}

function computeMonthRanges(year: number, month: number, timeZone: string): MonthRanges {
  const months = Array.from({ length: 12 }, (_, i) => {
    const m = month - 11 + i;
    return {
      label: monthLabel(year, m),
      range: {
        from: localMidnight(year, m, 1, timeZone),
        to: localMidnight(year, m + 1, 1, timeZone),
      },
    };
  });
  const allTime: DateRange = { from: new Date(0), to: localMidnight(year, month + 1, 1, timeZone) };
  return Object.freeze({ months: Object.freeze(months), allTime });
}

export async function dashboard(ctx: AuthedContext): Promise<Dashboard> {
  const { user } = ctx.auth;
  const main = userAccount(user.id);
  const { months, allTime } = monthRanges(ctx.now(), ctx.config.timeZone);
  const ranges = [...months.map((m) => m.range), allTime];
  const [balance, mainFlows, own, history, goals, contacts, schedules] = await Promise.all([
    ctx.store.getBalance(main),
    ctx.store.flowSums(main, ranges),
    ownGoalMoves(ctx, user.id, ranges),
    ctx.store.listHistory(main, { limit: 10 }),
    ctx.store.listGoals(user.id),
    ctx.store.listContacts(user.id),
    ctx.store.listSchedules(user.id),
  ]);
  // Putting money into a goal is not spending, nor taking it back income (the legacy
  // summary keeps the old app's arithmetic, which counted both).
  const flows = withoutOwnMoves(mainFlows, own);
  const today = localDateString(ctx.now(), ctx.config.timeZone);
  const series = months.map((m, i) => ({
    month: m.label,
    income: flows[i]?.income ?? 0,
    expense: flows[i]?.expense ?? 0,
  }));
  const current = series[series.length - 1];
  const total = flows[months.length];
  return {
    balance,
    currency: ctx.config.currency,
    monthIncome: current?.income ?? 0,
    monthExpense: current?.expense ?? 0,
    totalIncome: total?.income ?? 0,
    totalExpense: total?.expense ?? 0,
    savingsTotal: goals.reduce((sum, g) => sum + g.savedAmount, 0),
    recent: history.items.map(historyView),
    goals: goals.slice(0, 4).map(goalView),
    contacts: contacts.slice(0, 4).map(contactView),
    months: series,
    upcoming: upcomingPayments(schedules, today, addDays(today, 6)),
  };
}
