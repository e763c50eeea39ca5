import type { ReviewAction } from '../../../domain/contracts/reviews.ts';
import type { Actor } from '../../http/context.ts';
import { archivedReadOnly } from '../../http/errors.ts';
import { actorCan } from '../organizations/organizations.policy.ts';

/** Whoever reads a village's ledger reads its 两委会 review. */
export const canReadReview = (actor: Actor, orgPath: string) => actorCan(actor, 'problem.read', orgPath);

/** review.record over the village: the liaison group covering it (and district admins). */
export const canRecordReview = (actor: Actor, orgPath: string) => actorCan(actor, 'review.record', orgPath);

/**
 * An archived (撤销) village's review is kept as it was: read, never written again (as study-scope.ts refuseArchived
 * for the Party life). Checked once the actor may write there, on the organization's row as the review was read.
 * Throws CONFLICT.
 */
export function refuseArchivedReview(org: { organization_name: string; organization_archived_at: string | null }): void {
  if (org.organization_archived_at !== null) throw archivedReadOnly(org.organization_name, '村两委会核实记录');
}

/** What the actor may do with the review (nothing at an archived village); the UI draws its buttons from this only. */
export function reviewAllowedActions(actor: Actor, row: { org_path: string; organization_archived_at: string | null }): ReviewAction[] {
  if (row.organization_archived_at !== null) return [];
  const actions: ReviewAction[] = [];
  if (canRecordReview(actor, row.org_path)) actions.push('edit', 'recordOutcomes');
  if (actorCan(actor, 'measure.manage', row.org_path)) actions.push('draftMeasure');
  if (actorCan(actor, 'plan.manage', row.org_path)) actions.push('draftPlan');
  return actions;
}
