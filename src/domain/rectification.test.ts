import { describe, expect, it } from 'vitest';
import { addMonthsToDate, daysLeftInPeriod, defaultInspectionDeadline, rectificationPeriod } from './rectification.ts';

describe('rectification defaults', () => {
  it('adds calendar months, keeping the day or falling back to the month end', () => {
    expect(addMonthsToDate('2026-12-02', 2)).toBe('2027-02-02');
    expect(addMonthsToDate('2026-12-31', 2)).toBe('2027-02-28');
    expect(addMonthsToDate('2027-12-31', 2)).toBe('2028-02-29');
    expect(addMonthsToDate('2026-05-15', -5)).toBe('2025-12-15');
  });

  it("takes the round's period end, else two months after the finding", () => {
    expect(defaultInspectionDeadline('2026-05-10', '2026-06-30')).toBe('2026-06-30');
    expect(defaultInspectionDeadline('2026-05-10', null)).toBe('2026-07-10');
    // A period that ended before the problem was found gives no deadline already past.
    expect(defaultInspectionDeadline('2026-12-06', '2026-11-30')).toBe('2027-02-06');
    expect(defaultInspectionDeadline('2026-11-30', '2026-11-30')).toBe('2026-11-30');
  });

  it("runs the period two months from the round's completion unless the district set one", () => {
    const round = { rectificationStart: null, rectificationEnd: null, closedOn: '2026-05-08', periodEnd: '2026-05-10' };
    expect(rectificationPeriod(round)).toEqual({ start: '2026-05-08', end: '2026-07-08', source: 'default' });
    expect(rectificationPeriod({ ...round, rectificationStart: '2026-05-11', rectificationEnd: '2026-06-30' })).toEqual({
      start: '2026-05-11',
      end: '2026-06-30',
      source: 'set',
    });
    // Still inspecting: projected from the planned end, so problems found now get the period's end as deadline.
    expect(rectificationPeriod({ ...round, closedOn: null })).toEqual({ start: '2026-05-10', end: '2026-07-10', source: 'projected' });
    expect(defaultInspectionDeadline('2026-05-03', rectificationPeriod({ ...round, closedOn: null }).end)).toBe('2026-07-10');
  });

  it("counts the days left to the period's last day (0 on it, negative after)", () => {
    expect(daysLeftInPeriod({ end: '2026-07-08' }, '2026-07-01')).toBe(7);
    expect(daysLeftInPeriod({ end: '2026-07-08' }, '2026-07-08')).toBe(0);
    expect(daysLeftInPeriod({ end: '2026-07-08' }, '2026-07-10')).toBe(-2);
  });
});
