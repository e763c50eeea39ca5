import { describe, expect, it } from 'vitest';
import {
  acceptancePassRate,
  addInto,
  closureRate,
  emptyFigures,
  median,
  overdueMoreThan,
  overdueShare,
  reportPunctuality,
} from './statistics.ts';

describe('weekly figures arithmetic', () => {
  it('rolls figures up by adding every count and joining the overdue ages', () => {
    const parent = { ...emptyFigures(), total: 3, closed: 1, overdue: 1, overdueAges: [20], measuresTotal: 2, measuresDone: 1 };
    const child = { ...emptyFigures(), total: 2, closed: 2, overdue: 2, overdueAges: [3, 40], newCount: 1, reportsMissing: 1 };
    addInto(parent, child);
    expect(parent).toMatchObject({ total: 5, closed: 3, overdue: 3, newCount: 1, measuresTotal: 2, measuresDone: 1, reportsMissing: 1 });
    expect(parent.overdueAges).toEqual([20, 3, 40]);
    expect(child.overdueAges).toEqual([3, 40]);
  });

  it('counts problems overdue more than a threshold, strictly', () => {
    const f = { overdueAges: [31, 30, 15, 14, 1] };
    expect(overdueMoreThan(f, 14)).toBe(3);
    expect(overdueMoreThan(f, 30)).toBe(1);
  });

  it('rates are null without a denominator', () => {
    expect(closureRate({ closed: 0, total: 0 })).toBeNull();
    expect(closureRate({ closed: 1, total: 4 })).toBe(0.25);
    expect(acceptancePassRate({ acceptedCount: 0, rejectedCount: 0 })).toBeNull();
    expect(acceptancePassRate({ acceptedCount: 3, rejectedCount: 1 })).toBe(0.75);
    expect(reportPunctuality({ reportsExpected: 0, reportsOnTime: 0 })).toBeNull();
    expect(reportPunctuality({ reportsExpected: 4, reportsOnTime: 3 })).toBe(0.75);
    expect(overdueShare({ overdue: 1, total: 5 })).toBe(0.2);
  });

  it('median ignores nulls and averages the middle pair', () => {
    expect(median([])).toBeNull();
    expect(median([null, 0.5])).toBe(0.5);
    expect(median([0.1, 0.9, 0.5])).toBe(0.5);
    expect(median([0.4, null, 0.2, 0.8, 0.6])).toBeCloseTo(0.5);
  });
});
