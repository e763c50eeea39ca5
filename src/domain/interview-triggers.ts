import type { CadenceRules } from './cadence-rules.ts';
import { countOf, type RagColour } from './rag.ts';

/**
 * 约谈 candidates (DOMAIN.md defaults, thresholds from CadenceRules):
 * red `redMonthsRunning` months running, or among the last `lastInRanking`
 * of the monthly village ranking (ties at the boundary in, first place never),
 * or any problem overdue more than `overdueDays`.
 */
export type InterviewReason =
  | { code: 'red_months'; months: number }
  | { code: 'ranking_tail'; rank: number; of: number }
  | { code: 'overdue_long'; count: number; days: number }
  /** 清零行动: venue projects overdue or not moved for weeks (src/domain/venue-rag.ts venueInterviewReasons). */
  | { code: 'venue_overdue'; count: number; days: number }
  | { code: 'venue_stalled'; count: number; weeks: number }
  /** 三会一课: meetings missed within the last `months` months (src/domain/meeting-rhythm.ts meetingInterviewReasons). */
  | { code: 'meetings_missed'; count: number; months: number };

export interface InterviewInput {
  /** Monthly colours, newest first (this month first). */
  monthlyColoursNewestFirst: readonly (RagColour | null)[];
  /** This month's rank among `rankedCount` villages; null when not ranked. */
  rank: number | null;
  rankedCount: number;
  /** How many villages share this rank (1 when alone; default 1). */
  tiedWith?: number;
  /** Days overdue at month end, one per overdue problem. */
  overdueAges: readonly number[];
}

export function interviewReasons(input: InterviewInput, rules: CadenceRules['interviews']): InterviewReason[] {
  const reasons: InterviewReason[] = [];
  const need = rules.redMonthsRunning;
  const recent = input.monthlyColoursNewestFirst.slice(0, need);
  if (recent.length === need && recent.every((c) => c === 'red')) reasons.push({ code: 'red_months', months: need });
  // Ties at the boundary are in: a rank is in the tail when fewer than N villages rank strictly below it
  // (ranks 1…13, 13, 15, 16 with N = 3: both villages at 13 are in, one of them sits in the last three places).
  // The first place is never "lagging", even when everyone shares it (a month where nothing went wrong).
  if (rules.lastInRanking > 0 && input.rank !== null && input.rank > 1 && input.rankedCount > 0) {
    const below = input.rankedCount - (input.rank + Math.max(1, input.tiedWith ?? 1) - 1);
    if (below < rules.lastInRanking) reasons.push({ code: 'ranking_tail', rank: input.rank, of: input.rankedCount });
  }
  const long = input.overdueAges.filter((d) => d > rules.overdueDays).length;
  if (long > 0) reasons.push({ code: 'overdue_long', count: long, days: rules.overdueDays });
  return reasons;
}

export function interviewReasonText(reason: InterviewReason, lang: 'zh' | 'en'): string {
  switch (reason.code) {
    case 'red_months':
      return lang === 'zh' ? `连续 ${reason.months} 个月红色` : `red ${reason.months} months running`;
    case 'ranking_tail':
      // "处于末位" only for the last place; above it, how far from the bottom (倒数第 2 名).
      return lang === 'zh'
        ? `月度排名第 ${reason.rank} 名（共 ${reason.of} 名），${reason.rank >= reason.of ? '处于末位' : `倒数第 ${reason.of - reason.rank + 1} 名`}`
        : `ranked ${reason.rank} of ${reason.of}, ${reason.rank >= reason.of ? 'the last' : 'near the bottom'}`;
    case 'overdue_long':
      return lang === 'zh'
        ? `${reason.count} 个问题逾期超过 ${reason.days} 天`
        : `${countOf(reason.count, 'problem', 'problems')} overdue more than ${countOf(reason.days, 'day', 'days')}`;
    case 'venue_overdue':
      return lang === 'zh'
        ? `${reason.count} 个活动场所项目逾期（统计截止时最长逾期 ${reason.days} 天）`
        : `${countOf(reason.count, 'venue project', 'venue projects')} overdue (the longest ${countOf(reason.days, 'day', 'days')} when the month was counted)`;
    case 'venue_stalled':
      return lang === 'zh'
        ? `${reason.count} 个活动场所项目 ${reason.weeks} 周以上无进展`
        : `${countOf(reason.count, 'venue project', 'venue projects')} without progress for ${reason.weeks}+ weeks`;
    case 'meetings_missed':
      return lang === 'zh'
        ? `近 ${reason.months} 个月“三会一课”${reason.count} 次未按期召开`
        : `${countOf(reason.count, 'scheduled Party meeting', 'scheduled Party meetings')} not held on time in the last ${reason.months} months`;
  }
}
