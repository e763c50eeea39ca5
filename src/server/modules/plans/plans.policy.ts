import { planActionsFrom, type PlanAction, type PlanStatus } from '../../../domain/village-plan.ts';
import type { Actor } from '../../http/context.ts';
import { actorCan } from '../organizations/organizations.policy.ts';

/** Whoever reads a village's ledger reads its plans (drafts included: the village works on them with the group). */
export const canReadPlan = (actor: Actor, orgPath: string) => actorCan(actor, 'problem.read', orgPath);

/** plan.manage over the village: the liaison group covering it (and district admins). */
export const canManagePlan = (actor: Actor, orgPath: string) => actorCan(actor, 'plan.manage', orgPath);

export function planAllowedActions(actor: Actor, row: { org_path: string; status: string }): PlanAction[] {
  return canManagePlan(actor, row.org_path) ? planActionsFrom(row.status as PlanStatus) : [];
}
