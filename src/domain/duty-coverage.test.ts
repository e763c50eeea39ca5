import { describe, expect, it } from 'vitest';
import { dutyCoverage, dutyRate, maskPersonName, weekdaysText } from './duty-coverage.ts';

const weekdays = [1, 2, 3, 4, 5];

describe('duty coverage (坐班值班)', () => {
  it('counts the open weekdays of the period as due, and those with a sign-in as staffed', () => {
    // 2026-04-06 is a Monday; the week is over by the next Monday.
    const c = dutyCoverage({
      openWeekdays: weekdays,
      trackedFrom: '2026-01-01',
      from: '2026-04-06',
      to: '2026-04-12',
      today: '2026-04-13',
      signedInOn: ['2026-04-06', '2026-04-07', '2026-04-09', '2026-04-11'],
    });
    // Saturday's sign-in is extra: not due, not a gap.
    expect(c).toEqual({ daysDue: 5, daysStaffed: 3, gaps: ['2026-04-08', '2026-04-10'] });
    expect(dutyRate(c)).toBe(0.6);
  });

  it('counts today only once someone signed in, and nothing after today', () => {
    const base = { openWeekdays: weekdays, trackedFrom: '2026-01-01', from: '2026-04-06', to: '2026-04-12', today: '2026-04-08' };
    expect(dutyCoverage({ ...base, signedInOn: ['2026-04-06', '2026-04-07'] })).toEqual({ daysDue: 2, daysStaffed: 2, gaps: [] });
    expect(dutyCoverage({ ...base, signedInOn: ['2026-04-06', '2026-04-08'] })).toEqual({
      daysDue: 3,
      daysStaffed: 2,
      gaps: ['2026-04-07'],
    });
  });

  it('owes nothing before the hall was registered, and nothing when it never opens', () => {
    const c = dutyCoverage({
      openWeekdays: weekdays,
      trackedFrom: '2026-04-09',
      from: '2026-04-06',
      to: '2026-04-12',
      today: '2026-04-20',
      signedInOn: new Set<string>(),
    });
    expect(c).toEqual({ daysDue: 2, daysStaffed: 0, gaps: ['2026-04-09', '2026-04-10'] });
    expect(dutyRate({ daysDue: 0, daysStaffed: 0 })).toBeNull();
    expect(
      dutyCoverage({
        openWeekdays: [],
        trackedFrom: '2026-01-01',
        from: '2026-04-06',
        to: '2026-04-12',
        today: '2026-04-20',
        signedInOn: [],
      }),
    ).toEqual({ daysDue: 0, daysStaffed: 0, gaps: [] });
  });
});

describe('the public duty line', () => {
  it('masks names to the first character and one star, whatever their length', () => {
    expect(maskPersonName('张晓梅')).toBe('张*');
    expect(maskPersonName('欧阳明')).toBe('欧*');
    expect(maskPersonName('李四')).toBe('李*');
    expect(maskPersonName('王')).toBe('*');
    expect(maskPersonName('  ')).toBe('');
  });

  it('says the open weekdays in words', () => {
    expect(weekdaysText([1, 2, 3, 4, 5], 'zh')).toBe('周一至周五');
    expect(weekdaysText([5, 1, 3], 'zh')).toBe('周一、周三、周五');
    expect(weekdaysText([1, 2, 3, 4, 5, 6, 7], 'zh')).toBe('每天');
    expect(weekdaysText([1, 2, 3, 4, 5], 'en')).toBe('Mon–Fri');
    expect(weekdaysText([], 'zh')).toBe('暂不开放');
  });
});
