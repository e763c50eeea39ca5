import type { Review, ReviewProblem } from '../../../domain/contracts/reviews.ts';
import type { ProblemStatus } from '../../../domain/problem-workflow.ts';
import { countReview, type ReviewOutcome } from '../../../domain/village-review.ts';
import type { ReviewOutcomesTable, VillageReviewsTable } from '../../db/database.ts';
import type { Actor } from '../../http/context.ts';
import { problemAllowedActions, type ProblemRules } from '../problems/problems.policy.ts';
import { reviewAllowedActions } from './reviews.policy.ts';
import type { ReviewProblemRow, ReviewRow } from './reviews.repository.ts';

type MeasureLink = {
  problem_id: string;
  id: string;
  description: string;
  owner_name: string | null;
  due_on: string | null;
  progress: number;
  review_id?: string | null;
  version: number;
};

/**
 * The review with its problems, each with its outcome, measures and the problem's own allowed actions (none at an
 * archived village: the page offers nothing there).
 */
export function presentReview(
  row: ReviewRow,
  problems: readonly ReviewProblemRow[],
  outcomes: readonly ReviewOutcomesTable[],
  measures: readonly MeasureLink[],
  actor: Actor,
  rules: ProblemRules,
): Review {
  const outcomeOf = new Map(outcomes.map((o) => [o.problem_id, o]));
  const items: ReviewProblem[] = problems.map((p) => {
    const o = outcomeOf.get(p.id);
    return {
      id: p.id,
      code: p.code,
      description: p.description,
      areaName: p.area_name,
      checkItem: p.check_item_code ? `${p.check_item_code} ${p.check_item_title ?? ''}`.trim() : null,
      status: p.status as ProblemStatus,
      version: p.version,
      outcome: (o?.outcome as ReviewOutcome | undefined) ?? null,
      reason: o?.reason ?? null,
      recordedAt: o?.recorded_at ?? null,
      measures: measures
        .filter((m) => m.problem_id === p.id)
        .map((m) => ({
          id: m.id,
          description: m.description,
          ownerName: m.owner_name,
          dueOn: m.due_on,
          progress: m.progress,
          fromReview: m.review_id === row.id,
          version: m.version,
        })),
      allowedActions: row.organization_archived_at === null ? problemAllowedActions(actor, p, rules) : [],
    };
  });
  return {
    id: row.id,
    checklistId: row.checklist_id,
    roundId: row.round_id,
    roundName: row.round_name,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    liaisonGroupName: row.group_name,
    heldOn: row.held_on,
    place: row.place,
    attendees: row.attendees,
    minutes: row.minutes,
    createdByName: row.created_by_name,
    counts: countReview(items.map((p) => ({ withdrawn: p.status === 'withdrawn', outcome: p.outcome }))),
    problems: items,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    allowedActions: reviewAllowedActions(actor, row),
  };
}

/** What the audit log keeps of the meeting's record. */
export function snapshotReview(r: Pick<VillageReviewsTable, 'held_on' | 'place' | 'attendees' | 'minutes'>) {
  return { heldOn: r.held_on, place: r.place, attendees: r.attendees, minutes: r.minutes };
}
