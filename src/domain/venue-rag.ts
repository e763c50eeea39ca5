import type { InterviewReason } from './interview-triggers.ts';
import type { RagReason, RagResult } from './rag.ts';

/**
 * How venue lateness (清零行动) weighs in the rhythm's judgements, documented
 * in docs/ARCHITECTURE.md ("Venue clearance"):
 *
 * RAG — a venue project overdue more than the red threshold (`rag.redOverdueDays`,
 * 14 days by default) makes its organization red; any overdue venue project
 * makes a green organization amber. As with problems, a red organization shows
 * only its red reasons. Counted over the subtree, so a subdistrict is judged
 * by its villages' projects too.
 *
 * Interviews — a village whose venue project is overdue at the month's end,
 * or has not moved (no step, no progress) for `stalledWeeks` weeks, is a
 * candidate, each trigger switchable in the venue settings.
 */
export interface VenueLateness {
  /** Whole days overdue, one per overdue venue project in the subtree. */
  overdueDays: readonly number[];
  /** Projects in the subtree that have not moved for the stalled threshold. */
  stalled: number;
}

export function withVenueLateness(result: RagResult, lateness: VenueLateness | undefined, redOverdueDays: number): RagResult {
  if (!lateness || lateness.overdueDays.length === 0) return result;
  const long = lateness.overdueDays.filter((d) => d > redOverdueDays).length;
  if (long > 0) {
    const reason: RagReason = { code: 'venue_overdue_long', count: long, days: redOverdueDays };
    return { colour: 'red', reasons: [...(result.colour === 'red' ? result.reasons : []), reason] };
  }
  const reason: RagReason = { code: 'venue_overdue', count: lateness.overdueDays.length };
  switch (result.colour) {
    case 'red':
      return result;
    case 'amber':
      return { colour: 'amber', reasons: [...result.reasons, reason] };
    case 'green':
      return { colour: 'amber', reasons: [reason] };
  }
}

export function venueInterviewReasons(
  lateness: VenueLateness | undefined,
  rules: { interviewOnOverdue: boolean; interviewOnStalled: boolean; stalledWeeks: number },
): InterviewReason[] {
  if (!lateness) return [];
  const reasons: InterviewReason[] = [];
  if (rules.interviewOnOverdue && lateness.overdueDays.length > 0)
    reasons.push({ code: 'venue_overdue', count: lateness.overdueDays.length, days: Math.max(...lateness.overdueDays) });
  if (rules.interviewOnStalled && lateness.stalled > 0)
    reasons.push({ code: 'venue_stalled', count: lateness.stalled, weeks: rules.stalledWeeks });
  return reasons;
}

/** The venue triggers in force, appended to the interview rules' sentence ("；活动场所项目逾期或 3 周无进展"). */
export function venueTriggerText(
  rules: { interviewOnOverdue: boolean; interviewOnStalled: boolean; stalledWeeks: number },
  lang: 'zh' | 'en',
): string {
  const parts =
    lang === 'zh'
      ? [
          ...(rules.interviewOnOverdue ? ['活动场所项目逾期'] : []),
          ...(rules.interviewOnStalled ? [`活动场所项目 ${rules.stalledWeeks} 周无进展`] : []),
        ]
      : [
          ...(rules.interviewOnOverdue ? ['a venue project overdue'] : []),
          ...(rules.interviewOnStalled ? [`a venue project without progress for ${rules.stalledWeeks} weeks`] : []),
        ];
  if (parts.length === 0) return '';
  return lang === 'zh' ? `；${parts.join('或')}` : `; ${parts.join(' or ')}`;
}
