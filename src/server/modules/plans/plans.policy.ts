import { planActionsFrom, type PlanAction, type PlanStatus } from '../../../domain/village-plan.ts';
import type { Actor } from '../../http/context.ts';
import { archivedReadOnly } from '../../http/errors.ts';
import { actorCan } from '../organizations/organizations.policy.ts';

/** Whoever reads a village's ledger reads its plans (drafts included: the village works on them with the group). */
export const canReadPlan = (actor: Actor, orgPath: string) => actorCan(actor, 'problem.read', orgPath);

/** plan.manage over the village: the liaison group covering it (and district admins). */
export const canManagePlan = (actor: Actor, orgPath: string) => actorCan(actor, 'plan.manage', orgPath);

/**
 * An archived (撤销) village's plans are kept as they were: read, never drafted, edited or approved again (as
 * study-scope.ts refuseArchived for the Party life). Checked once the actor may write there, on the organization's row
 * as the plan (or its review) was read. Throws CONFLICT.
 */
export function refuseArchivedPlan(org: { organization_name: string; organization_archived_at: string | null }): void {
  if (org.organization_archived_at !== null) throw archivedReadOnly(org.organization_name, '一村一策整改方案');
}

/** What the actor may do next (nothing at an archived village); the UI draws its buttons from this only. */
export function planAllowedActions(
  actor: Actor,
  row: { org_path: string; status: string; organization_archived_at: string | null },
): PlanAction[] {
  if (row.organization_archived_at !== null) return [];
  return canManagePlan(actor, row.org_path) ? planActionsFrom(row.status as PlanStatus) : [];
}
