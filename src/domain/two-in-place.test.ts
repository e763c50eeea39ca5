import { describe, expect, it } from 'vitest';
import { circularDueAt, inPlaceFormulas, rectificationInPlace, trackingInPlace } from './two-in-place.ts';

describe('the two 到位', () => {
  it('judges tracking by the share of reports and circulars on time', () => {
    expect(trackingInPlace({ reportsOnTime: 60, reportsExpected: 64, circularsOnTime: 2, circularsExpected: 3 })).toEqual({
      value: 62 / 67,
      inPlace: false,
    });
    expect(trackingInPlace({ reportsOnTime: 64, reportsExpected: 64, circularsOnTime: 3, circularsExpected: 3 }).inPlace).toBe(true);
    expect(trackingInPlace({ reportsOnTime: 0, reportsExpected: 0, circularsOnTime: 0, circularsExpected: 0 })).toEqual({
      value: null,
      inPlace: true,
    });
  });

  it('judges rectification by the share of problems closed', () => {
    expect(rectificationInPlace({ closed: 121, total: 242 })).toEqual({ value: 0.5, inPlace: false });
    expect(rectificationInPlace({ closed: 242, total: 242 }).inPlace).toBe(true);
    expect(rectificationInPlace({ closed: 0, total: 0 })).toEqual({ value: null, inPlace: false });
  });

  it("dues a month's circular at the end of the due day of the next month (Shanghai), across the year end", () => {
    expect(circularDueAt('2026-05', 10).toISOString()).toBe('2026-06-10T16:00:00.000Z');
    expect(circularDueAt('2026-12', 5).toISOString()).toBe('2027-01-05T16:00:00.000Z');
  });

  it('words both formulas with the due day in force', () => {
    const f = inPlaceFormulas(10);
    expect(f.tracking.zh).toContain('次月 10 日前');
    expect(f.rectification.zh).toContain('已销号问题 ÷ 全部问题');
  });
});
