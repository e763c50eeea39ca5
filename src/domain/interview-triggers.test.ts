import { describe, expect, it } from 'vitest';
import { DEFAULT_CADENCE_RULES } from './cadence-rules.ts';
import { type InterviewInput, interviewReasons, interviewReasonText } from './interview-triggers.ts';

const rules = DEFAULT_CADENCE_RULES.interviews;
const base: InterviewInput = { monthlyColoursNewestFirst: ['green', 'green'], rank: 1, rankedCount: 16, overdueAges: [] };

describe('interview triggers', () => {
  it('finds nothing for an organization doing well', () => {
    expect(interviewReasons(base, rules)).toEqual([]);
  });

  it('triggers on red two months running, not on one red month or a gap', () => {
    expect(interviewReasons({ ...base, monthlyColoursNewestFirst: ['red', 'red'] }, rules)).toEqual([{ code: 'red_months', months: 2 }]);
    expect(interviewReasons({ ...base, monthlyColoursNewestFirst: ['red', 'amber'] }, rules)).toEqual([]);
    expect(interviewReasons({ ...base, monthlyColoursNewestFirst: ['red', null] }, rules)).toEqual([]);
    expect(interviewReasons({ ...base, monthlyColoursNewestFirst: ['red'] }, rules)).toEqual([]);
    expect(interviewReasons({ ...base, monthlyColoursNewestFirst: ['red', 'red', 'red'] }, { ...rules, redMonthsRunning: 3 })).toHaveLength(
      1,
    );
  });

  it('triggers on the last N of the ranking, ties at the boundary included', () => {
    // 16 villages, last 3: ranks 14, 15, 16 are in; 13 is out.
    expect(interviewReasons({ ...base, rank: 14 }, rules)).toEqual([{ code: 'ranking_tail', rank: 14, of: 16 }]);
    expect(interviewReasons({ ...base, rank: 13 }, rules)).toEqual([]);
    // Ranks 1 … 12, 13, 13, 15, 16: the two tied at 13 fill places 13 and 14; only two villages rank below them,
    // so both are in the last three.
    expect(interviewReasons({ ...base, rank: 13, tiedWith: 2 }, rules)).toEqual([{ code: 'ranking_tail', rank: 13, of: 16 }]);
    // Ranks 1 … 11, 12, 12, 14, 15, 16: three villages rank below the pair at 12, so neither is in.
    expect(interviewReasons({ ...base, rank: 12, tiedWith: 2 }, rules)).toEqual([]);
    // Everyone tied at first place (nothing went wrong anywhere): nobody is lagging.
    expect(interviewReasons({ ...base, rank: 1, tiedWith: 16 }, rules)).toEqual([]);
    expect(interviewReasons({ ...base, rank: 2, tiedWith: 15 }, rules)).toEqual([{ code: 'ranking_tail', rank: 2, of: 16 }]);
    expect(interviewReasons({ ...base, rank: 16 }, { ...rules, lastInRanking: 0 })).toEqual([]);
    expect(interviewReasons({ ...base, rank: null }, rules)).toEqual([]);
  });

  it('triggers on a problem overdue more than 30 days, counting them', () => {
    expect(interviewReasons({ ...base, overdueAges: [45, 31, 30, 5] }, rules)).toEqual([{ code: 'overdue_long', count: 2, days: 30 }]);
    expect(interviewReasons({ ...base, overdueAges: [30] }, rules)).toEqual([]);
  });

  it('lists every reason met, in words', () => {
    const reasons = interviewReasons({ monthlyColoursNewestFirst: ['red', 'red'], rank: 15, rankedCount: 16, overdueAges: [40] }, rules);
    expect(reasons.map((r) => interviewReasonText(r, 'zh'))).toEqual([
      '连续 2 个月红色',
      '月度排名第 15 名（共 16 名），倒数第 2 名',
      '1 个问题逾期超过 30 天',
    ]);
    expect(interviewReasonText(reasons[1]!, 'en')).toBe('ranked 15 of 16, near the bottom');
    // Only the last place is "处于末位".
    expect(interviewReasonText({ code: 'ranking_tail', rank: 16, of: 16 }, 'zh')).toBe('月度排名第 16 名（共 16 名），处于末位');
    expect(interviewReasonText({ code: 'ranking_tail', rank: 16, of: 16 }, 'en')).toBe('ranked 16 of 16, the last');
  });
});
