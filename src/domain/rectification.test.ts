import { describe, expect, it } from 'vitest';
import { addMonthsToDate, defaultInspectionDeadline } from './rectification.ts';

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
  });
});
