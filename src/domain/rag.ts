import type { CadenceRules } from './cadence-rules.ts';
import { closureRate, type Figures, overdueMoreThan } from './statistics.ts';

/**
 * 红黄绿 per organization (DOMAIN.md defaults, thresholds from CadenceRules):
 * red   = a problem overdue more than `redOverdueDays`, or a reporting unit
 *         with `redMissingReportsInRow` missing weekly reports in a row;
 * amber = any overdue problem, or a closure rate below the district median;
 * green = no overdue and on pace.
 * Each colour carries its reasons, so the UI can say why in words.
 */
export const RAG_COLOURS = ['red', 'amber', 'green'] as const;
export type RagColour = (typeof RAG_COLOURS)[number];

export type RagReason =
  | { code: 'overdue_long'; count: number; days: number }
  /** `self`: the organization judged is itself the one unit that missed them (a village, not a 街道's roll-up). */
  | { code: 'missing_reports'; units: number; inRow: number; self?: boolean }
  | { code: 'overdue'; count: number }
  /** `period`: the median is of the week's or of the month's closure rates (the dashboards show both). */
  | { code: 'below_median'; rate: number; median: number; period: 'week' | 'month' }
  /** Venue projects (清零行动) overdue more than the red threshold, and any overdue: src/domain/venue-rag.ts. */
  | { code: 'venue_overdue_long'; count: number; days: number }
  | { code: 'venue_overdue'; count: number }
  /** 三会一课 missed (src/domain/meeting-rhythm.ts withMeetingRhythm): branches missing one kind in a row, or any missed. */
  | { code: 'meetings_missed_in_row'; count: number; inRow: number }
  | { code: 'meetings_missed'; count: number }
  | { code: 'on_pace' };

export interface RagResult {
  colour: RagColour;
  reasons: RagReason[];
}

export interface RagInput {
  figures: Pick<Figures, 'overdueAges' | 'overdue' | 'closed' | 'total'>;
  /** Reporting units in the subtree whose last `redMissingReportsInRow` reports are all missing. */
  unitsMissingInRow: number;
  /** The organization judged is itself a reporting unit (a village or community filing its own report). */
  reportingUnit?: boolean;
  /** Median closure rate of the district's villages for the same period (null: no data). */
  districtMedianClosureRate: number | null;
  /** The period judged: a week or a month. */
  period: 'week' | 'month';
}

export function evaluateRag(input: RagInput, rules: CadenceRules['rag']): RagResult {
  const red: RagReason[] = [];
  const longOverdue = overdueMoreThan(input.figures, rules.redOverdueDays);
  if (longOverdue > 0) red.push({ code: 'overdue_long', count: longOverdue, days: rules.redOverdueDays });
  if (input.unitsMissingInRow > 0)
    red.push({
      code: 'missing_reports',
      units: input.unitsMissingInRow,
      inRow: rules.redMissingReportsInRow,
      ...(input.reportingUnit && input.unitsMissingInRow === 1 ? { self: true } : {}),
    });
  if (red.length) return { colour: 'red', reasons: red };

  const amber: RagReason[] = [];
  if (input.figures.overdue > 0) amber.push({ code: 'overdue', count: input.figures.overdue });
  const rate = closureRate(input.figures);
  const median = input.districtMedianClosureRate;
  if (rules.amberBelowMedian && rate !== null && median !== null && rate < median)
    amber.push({ code: 'below_median', rate, median, period: input.period });
  if (amber.length) return { colour: 'amber', reasons: amber };
  return { colour: 'green', reasons: [{ code: 'on_pace' }] };
}

/** "1 problem", "3 problems": the English of a count (the texts said "problem(s)"). */
export function countOf(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** A reason in words, e.g. "3 个问题逾期超过 14 天". */
export function ragReasonText(reason: RagReason, lang: 'zh' | 'en'): string {
  switch (reason.code) {
    case 'overdue_long':
      return lang === 'zh'
        ? `${reason.count} 个问题逾期超过 ${reason.days} 天`
        : `${countOf(reason.count, 'problem', 'problems')} overdue more than ${countOf(reason.days, 'day', 'days')}`;
    case 'missing_reports':
      // No brackets: the circular puts the reasons in brackets already. On a 街道's row the count names its
      // villages (even one); a village's own row says it missed them.
      if (reason.self) return lang === 'zh' ? `连续 ${reason.inRow} 周未报周报` : `missed ${reason.inRow} weekly reports in a row`;
      return lang === 'zh'
        ? `${reason.units} 个单位连续 ${reason.inRow} 周未报周报`
        : `${countOf(reason.units, 'unit', 'units')} missed ${reason.inRow} weekly reports in a row`;
    case 'overdue':
      return lang === 'zh' ? `${reason.count} 个问题逾期` : `${countOf(reason.count, 'problem', 'problems')} overdue`;
    case 'below_median':
      return lang === 'zh'
        ? `销号率 ${pct(reason.rate)}，低于全区${reason.period === 'week' ? '本周' : '本月'}中位数 ${pct(reason.median)}`
        : `closure rate ${pct(reason.rate)} is below the district's ${reason.period === 'week' ? 'weekly' : 'monthly'} median ${pct(reason.median)}`;
    case 'venue_overdue_long':
      return lang === 'zh'
        ? `${reason.count} 个活动场所项目逾期超过 ${reason.days} 天`
        : `${countOf(reason.count, 'venue project', 'venue projects')} overdue more than ${countOf(reason.days, 'day', 'days')}`;
    case 'venue_overdue':
      return lang === 'zh' ? `${reason.count} 个活动场所项目逾期` : `${countOf(reason.count, 'venue project', 'venue projects')} overdue`;
    case 'meetings_missed_in_row':
      return lang === 'zh'
        ? `${reason.count} 个党支部“三会一课”连续 ${reason.inRow} 期未按期召开`
        : `${countOf(reason.count, 'branch', 'branches')} missed a scheduled Party meeting ${reason.inRow} periods in a row`;
    case 'meetings_missed':
      return lang === 'zh'
        ? `“三会一课”${reason.count} 次未按期召开`
        : `${countOf(reason.count, 'scheduled Party meeting', 'scheduled Party meetings')} not held on time`;
    case 'on_pace':
      return lang === 'zh' ? '无逾期，进度正常' : 'nothing overdue, on pace';
  }
}

export const RAG_LABELS: Record<RagColour, { zh: string; en: string }> = {
  red: { zh: '红', en: 'Red' },
  amber: { zh: '黄', en: 'Amber' },
  green: { zh: '绿', en: 'Green' },
};

/** "红：3 个问题逾期超过 14 天；…" */
export function ragSummary(result: RagResult, lang: 'zh' | 'en'): string {
  const sep = lang === 'zh' ? '；' : '; ';
  return `${RAG_LABELS[result.colour][lang]}${lang === 'zh' ? '：' : ': '}${result.reasons.map((r) => ragReasonText(r, lang)).join(sep)}`;
}

/** Counts, for each unit, how many of its most recent weeks (newest first) were missing in a row. */
export function missingStreak(statusesNewestFirst: readonly (string | null)[]): number {
  let n = 0;
  for (const s of statusesNewestFirst) {
    if (s !== 'missing') break;
    n++;
  }
  return n;
}
