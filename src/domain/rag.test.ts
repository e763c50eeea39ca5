import { describe, expect, it } from 'vitest';
import { DEFAULT_CADENCE_RULES } from './cadence-rules.ts';
import { countOf, evaluateRag, missingStreak, ragReasonText, ragSummary, type RagInput } from './rag.ts';

const rules = DEFAULT_CADENCE_RULES.rag;

function input(over: Partial<RagInput['figures']> = {}, extra: Partial<Omit<RagInput, 'figures'>> = {}): RagInput {
  return {
    figures: { total: 10, closed: 5, overdue: 0, overdueAges: [], ...over },
    unitsMissingInRow: 0,
    districtMedianClosureRate: 0.5,
    period: 'month',
    ...extra,
  };
}

describe('red / amber / green', () => {
  it.each([
    ['red: a problem overdue more than 14 days', input({ overdue: 2, overdueAges: [15, 3] }), 'red', ['overdue_long']],
    ['red: two missing weekly reports in a row', input({}, { unitsMissingInRow: 1 }), 'red', ['missing_reports']],
    [
      'red: both reasons at once',
      input({ overdue: 1, overdueAges: [20] }, { unitsMissingInRow: 2 }),
      'red',
      ['overdue_long', 'missing_reports'],
    ],
    [
      'amber: overdue, but not for long (14 days exactly is not more than 14)',
      input({ overdue: 1, overdueAges: [14] }),
      'amber',
      ['overdue'],
    ],
    ['amber: closure rate below the median', input({ closed: 2 }), 'amber', ['below_median']],
    ['amber: both amber reasons', input({ closed: 2, overdue: 1, overdueAges: [3] }), 'amber', ['overdue', 'below_median']],
    ['green: nothing overdue, at the median', input(), 'green', ['on_pace']],
    ['green: no problems at all', input({ total: 0, closed: 0 }), 'green', ['on_pace']],
    ['green: no median to compare with', input({ closed: 0 }, { districtMedianClosureRate: null }), 'green', ['on_pace']],
  ] as const)('%s', (_name, i, colour, codes) => {
    const r = evaluateRag(i, rules);
    expect(r.colour).toBe(colour);
    expect(r.reasons.map((x) => x.code)).toEqual(codes);
  });

  it('takes its thresholds from the rules', () => {
    const i = input({ overdue: 1, overdueAges: [10] });
    expect(evaluateRag(i, rules).colour).toBe('amber');
    expect(evaluateRag(i, { ...rules, redOverdueDays: 7 })).toEqual({
      colour: 'red',
      reasons: [{ code: 'overdue_long', count: 1, days: 7 }],
    });
    // Below the median is amber only while the rule is on.
    expect(evaluateRag(input({ closed: 1 }), { ...rules, amberBelowMedian: false }).colour).toBe('green');
    expect(evaluateRag(input({}, { unitsMissingInRow: 1 }), { ...rules, redMissingReportsInRow: 3 }).reasons).toEqual([
      { code: 'missing_reports', units: 1, inRow: 3 },
    ]);
    // A village judged on its own reports: it is the one unit.
    expect(evaluateRag(input({}, { unitsMissingInRow: 1, reportingUnit: true }), rules).reasons).toEqual([
      { code: 'missing_reports', units: 1, inRow: 2, self: true },
    ]);
  });

  it('says why in Chinese and in English', () => {
    const red = evaluateRag(input({ overdue: 4, overdueAges: [40, 20, 16, 2] }), rules);
    expect(ragReasonText(red.reasons[0]!, 'zh')).toBe('3 个问题逾期超过 14 天');
    expect(ragReasonText(red.reasons[0]!, 'en')).toBe('3 problems overdue more than 14 days');
    expect(ragSummary(red, 'zh')).toBe('红：3 个问题逾期超过 14 天');
    // No brackets of its own (the circular brackets the reasons); the count even at one (a 街道's row names one village).
    expect(ragReasonText({ code: 'missing_reports', units: 2, inRow: 2 }, 'zh')).toBe('2 个单位连续 2 周未报周报');
    expect(ragReasonText({ code: 'missing_reports', units: 1, inRow: 3 }, 'zh')).toBe('1 个单位连续 3 周未报周报');
    // A village's own row: it missed them itself (not "1 个单位").
    expect(ragReasonText({ code: 'missing_reports', units: 1, inRow: 2, self: true }, 'zh')).toBe('连续 2 周未报周报');
    expect(ragReasonText({ code: 'missing_reports', units: 1, inRow: 2, self: true }, 'en')).toBe('missed 2 weekly reports in a row');
    expect(ragReasonText({ code: 'missing_reports', units: 1, inRow: 2 }, 'en')).toBe('1 unit missed 2 weekly reports in a row');
    // The median says its period: a week's and a month's differ, and the dashboards show both.
    expect(ragReasonText({ code: 'below_median', rate: 0.25, median: 0.5, period: 'week' }, 'zh')).toBe(
      '销号率 25%，低于全区本周中位数 50%',
    );
    expect(ragReasonText({ code: 'below_median', rate: 1 / 3, median: 0.5, period: 'month' }, 'en')).toBe(
      "closure rate 33.3% is below the district's monthly median 50%",
    );
    const amber = evaluateRag(input({ closed: 2, overdue: 1, overdueAges: [3] }), rules);
    expect(ragSummary(amber, 'zh')).toBe('黄：1 个问题逾期；销号率 20%，低于全区本月中位数 50%');
    expect(evaluateRag(input({ closed: 2 }, { period: 'week' }), rules).reasons).toEqual([
      { code: 'below_median', rate: 0.2, median: 0.5, period: 'week' },
    ]);
    expect(ragSummary(evaluateRag(input(), rules), 'en')).toBe('Green: nothing overdue, on pace');
  });

  it('counts missing weeks in a row from the newest', () => {
    expect(missingStreak(['missing', 'missing', 'on_time'])).toBe(2);
    expect(missingStreak(['late', 'missing', 'missing'])).toBe(0);
    expect(missingStreak([])).toBe(0);
  });
});

describe('the English of a count', () => {
  it('says "1 problem" and "3 problems", not "problem(s)"', () => {
    expect(countOf(1, 'problem', 'problems')).toBe('1 problem');
    expect(countOf(3, 'problem', 'problems')).toBe('3 problems');
    expect(ragReasonText({ code: 'venue_overdue', count: 1 }, 'en')).toBe('1 venue project overdue');
    expect(ragReasonText({ code: 'meetings_missed', count: 2 }, 'en')).toBe('2 scheduled Party meetings not held on time');
  });
});
