import { describe, expect, it } from 'vitest';
import { earliestProbationaryJoin, probationTooOld } from './member-sheet.ts';

describe('earliestProbationaryJoin (a probation of one year, extended once by a year at most)', () => {
  it('is two years before today, to the day', () => {
    expect(earliestProbationaryJoin('2026-11-27')).toBe('2024-11-27');
    expect('2024-11-26' >= earliestProbationaryJoin('2026-11-27')).toBe(false);
    expect('1990-07-01' >= earliestProbationaryJoin('2026-11-27')).toBe(false);
  });

  it('compares correctly around a leap day', () => {
    const earliest = earliestProbationaryJoin('2024-02-29');
    expect(earliest).toBe('2022-02-29');
    expect('2022-02-28' >= earliest).toBe(false);
    expect('2022-03-01' >= earliest).toBe(true);
  });
});

describe('probationTooOld', () => {
  it('is a 预备党员 who joined before the earliest day; a full member or no date never is', () => {
    expect(probationTooOld('probationary', '2024-11-26', '2026-11-27')).toBe(true);
    expect(probationTooOld('probationary', '2024-11-27', '2026-11-27')).toBe(false);
    expect(probationTooOld('full', '1990-07-01', '2026-11-27')).toBe(false);
    expect(probationTooOld('probationary', null, '2026-11-27')).toBe(false);
  });
});
