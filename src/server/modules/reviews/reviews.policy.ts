import type { ReviewAction } from '../../../domain/contracts/reviews.ts';
import type { Actor } from '../../http/context.ts';
import { actorCan } from '../organizations/organizations.policy.ts';

/** Whoever reads a village's ledger reads its 两委会 review. */
export const canReadReview = (actor: Actor, orgPath: string) => actorCan(actor, 'problem.read', orgPath);

/** review.record over the village: the liaison group covering it (and district admins). */
export const canRecordReview = (actor: Actor, orgPath: string) => actorCan(actor, 'review.record', orgPath);

/** What the actor may do with the review; the UI draws its buttons from this only. */
export function reviewAllowedActions(actor: Actor, orgPath: string): ReviewAction[] {
  const actions: ReviewAction[] = [];
  if (canRecordReview(actor, orgPath)) actions.push('edit', 'recordOutcomes');
  if (actorCan(actor, 'measure.manage', orgPath)) actions.push('draftMeasure');
  if (actorCan(actor, 'plan.manage', orgPath)) actions.push('draftPlan');
  return actions;
}
