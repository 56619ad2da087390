import { describe, expect, it } from 'vitest';
import { describeGoalPlan, formatDay, goalPlan, localDay } from './goal-plan.ts';
import { formatMoney } from './money.ts';

const goal = (savedAmount: number, targetAmount: number, targetDate: string | null) => ({
  savedAmount,
  targetAmount,
  targetDate,
});

describe('goalPlan', () => {
  it('divides what is left by the months left, rounded up to the paisa', () => {
    // ₹1,000 left, 3 months (Feb, Mar, Apr): 33,333.33… paise -> 33,334.
    expect(goalPlan(goal(0, 100_000, '2027-04-30T00:00:00.000Z'), '2027-01-15')).toEqual({
      kind: 'monthly',
      remaining: 100_000,
      months: 3,
      perMonth: 33_334,
    });
    // An exact split is not rounded.
    expect(goalPlan(goal(40_000, 100_000, '2027-03-01'), '2027-01-31')).toMatchObject({
      months: 2,
      perMonth: 30_000,
    });
  });

  it('counts months across a year end', () => {
    expect(goalPlan(goal(0, 1_200, '2028-02-10'), '2027-11-20')).toMatchObject({
      kind: 'monthly',
      months: 3,
      perMonth: 400,
    });
  });

  it('a date later this month means the rest is due by then', () => {
    expect(goalPlan(goal(100, 500, '2027-01-31'), '2027-01-15')).toEqual({
      kind: 'this-month',
      remaining: 400,
    });
    expect(goalPlan(goal(100, 500, '2027-01-15'), '2027-01-15').kind).toBe('this-month');
  });

  it('a past date is overdue, a reached goal is reached, no date is open', () => {
    expect(goalPlan(goal(100, 500, '2027-01-14'), '2027-01-15')).toEqual({
      kind: 'overdue',
      remaining: 400,
    });
    expect(goalPlan(goal(500, 500, '2020-01-01'), '2027-01-15')).toEqual({ kind: 'reached' });
    expect(goalPlan(goal(600, 500, null), '2027-01-15')).toEqual({ kind: 'reached' });
    expect(goalPlan(goal(100, 500, null), '2027-01-15')).toEqual({ kind: 'open', remaining: 400 });
  });
});

describe('describeGoalPlan', () => {
  const money = (n: number) => formatMoney(n);
  it('says what to save and by when', () => {
    const plan = goalPlan(goal(0, 100_000, '2027-04-30'), '2027-01-15');
    expect(describeGoalPlan(plan, money, formatDay('2027-04-30'))).toBe(
      'Save ₹333.34 a month to reach it by 30 Apr 2027.',
    );
    expect(
      describeGoalPlan(goalPlan(goal(100, 500, '2027-01-31'), '2027-01-15'), money, '31 Jan'),
    ).toBe('Save ₹4.00 by 31 Jan to reach it.');
    expect(describeGoalPlan({ kind: 'reached' }, money, null)).toBe('Target reached.');
    expect(describeGoalPlan({ kind: 'overdue', remaining: 400 }, money, null)).toMatch(/passed/);
  });
});

describe('dates', () => {
  it('formats a calendar day like the rest of the app, whatever the zone', () => {
    expect(formatDay('2027-03-31')).toBe('31 Mar 2027');
    expect(formatDay('2027-03-31T00:00:00.000Z')).toBe('31 Mar 2027');
  });
  it('reads today in the local zone', () => {
    expect(localDay(new Date(2027, 0, 5, 23, 30))).toBe('2027-01-05');
  });
});
