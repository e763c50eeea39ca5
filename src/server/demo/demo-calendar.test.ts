import { describe, expect, it } from 'vitest';
import { demoNoticeDate, demoProgramYear } from './demo-calendar.ts';

describe('the demo program year', () => {
  it('is the year the round starts in when the notice of 28 April precedes it', () => {
    expect(demoProgramYear('2026-12-03')).toBe(2026);
    expect(demoNoticeDate('2026-12-03')).toBe('2026-04-28');
    // The round starts 45 days earlier: 2026-06-12 is the first day whose round starts on the notice's day.
    expect(demoProgramYear('2026-06-12')).toBe(2026);
  });

  it('is the year before when the round would start before that notice (a demo run from January to mid-June)', () => {
    expect(demoProgramYear('2026-06-11')).toBe(2025);
    expect(demoProgramYear('2027-01-20')).toBe(2026);
    expect(demoNoticeDate('2027-03-01')).toBe('2026-04-28');
  });
});
