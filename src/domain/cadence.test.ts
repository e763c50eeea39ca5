import { afterEach, describe, expect, it } from 'vitest';
import {
  isMonth,
  isWeekStart,
  lastCompletedWeek,
  monthPeriod,
  reportDueAt,
  weekEndDate,
  weekPeriod,
  weeksBetween,
  weeksEndingInMonth,
  weekStartOf,
} from './cadence.ts';

// 2026-11-29 is a Sunday; Shanghai is UTC+8 all year.
const SUNDAY_2359_SHANGHAI = new Date('2026-11-29T15:59:00.000Z');
const MONDAY_0001_SHANGHAI = new Date('2026-11-29T16:01:00.000Z');

describe('week boundaries (Monday 00:00 – Sunday 24:00 Asia/Shanghai)', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('puts Sunday 23:59 and Monday 00:01 Shanghai time in different weeks', () => {
    expect(weekStartOf(SUNDAY_2359_SHANGHAI)).toBe('2026-11-23');
    expect(weekStartOf(MONDAY_0001_SHANGHAI)).toBe('2026-11-30');
  });

  it('gives the same weeks whatever the server zone (TZ set to Los Angeles, then Kiritimati)', () => {
    for (const zone of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
      process.env.TZ = zone;
      // Proves the zone really changed for this process, so the assertions below mean something.
      const offset = new Date('2026-11-29T16:00:00.000Z').getTimezoneOffset();
      expect(offset).toBe({ 'America/Los_Angeles': 480, 'Pacific/Kiritimati': -840, UTC: 0 }[zone]);
      expect(weekStartOf(SUNDAY_2359_SHANGHAI)).toBe('2026-11-23');
      expect(weekStartOf(MONDAY_0001_SHANGHAI)).toBe('2026-11-30');
      expect(weekPeriod('2026-11-23').to.toISOString()).toBe('2026-11-29T16:00:00.000Z');
      expect(lastCompletedWeek(MONDAY_0001_SHANGHAI)).toBe('2026-11-23');
      expect(lastCompletedWeek(SUNDAY_2359_SHANGHAI)).toBe('2026-11-16');
    }
  });

  it('a week period runs from Monday 00:00 to the next Monday 00:00 Shanghai', () => {
    const p = weekPeriod('2026-11-23');
    expect(p.firstDay).toBe('2026-11-23');
    expect(p.lastDay).toBe('2026-11-29');
    expect(p.from.toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(p.to.toISOString()).toBe('2026-11-29T16:00:00.000Z');
    expect(SUNDAY_2359_SHANGHAI < p.to && MONDAY_0001_SHANGHAI >= p.to).toBe(true);
    expect(weekEndDate('2026-11-23')).toBe('2026-11-29');
  });

  it('names weeks by Mondays only', () => {
    expect(isWeekStart('2026-11-23')).toBe(true);
    expect(isWeekStart('2026-11-24')).toBe(false);
    expect(isWeekStart('2026-02-30')).toBe(false);
    expect(isWeekStart('23/11/2026')).toBe(false);
  });

  it('lists the weeks of a gap, across a year end', () => {
    expect(weeksBetween('2026-12-21', '2027-01-11')).toEqual(['2026-12-21', '2026-12-28', '2027-01-04', '2027-01-11']);
    expect(weeksBetween('2026-11-30', '2026-11-23')).toEqual([]);
  });

  it('counts a week in the month its Sunday falls in', () => {
    // November 2026: Sundays 1, 8, 15, 22, 29.
    expect(weeksEndingInMonth('2026-11')).toEqual(['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
    expect(monthPeriod('2026-02').lastDay).toBe('2026-02-28');
  });

  it('the report is due on the configured weekday and time, Shanghai', () => {
    expect(reportDueAt('2026-11-23', 5, '18:00').toISOString()).toBe('2026-11-27T10:00:00.000Z');
    expect(reportDueAt('2026-11-23', 7, '23:59').toISOString()).toBe('2026-11-29T15:59:00.000Z');
  });
});

describe('isMonth', () => {
  it('takes the months of 2000–2999 only', () => {
    expect(['2026-01', '2026-12', '2000-01', '2999-12'].map(isMonth)).toEqual([true, true, true, true]);
    expect(['2026-00', '2026-13', '0000-01', '1999-12', '3000-01', '2026-1', ' 2026-01'].map(isMonth)).toEqual(Array(7).fill(false));
  });

  it('takes no week before 2000 (0000-01-03 is a Monday whose weeks’ loop never ended)', () => {
    expect(['2026-11-30', '2000-01-03'].map(isWeekStart)).toEqual([true, true]);
    expect(['0000-01-03', '1999-12-27', '2026-12-01'].map(isWeekStart)).toEqual([false, false, false]);
  });
});
