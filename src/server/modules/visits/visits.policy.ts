import { visitTaskActionsFrom, type VisitTaskAction, type VisitTaskStatus } from '../../../domain/visit-tasks.ts';
import type { Actor } from '../../http/context.ts';
import { actorCan } from '../organizations/organizations.policy.ts';

/** Readers of a village see the visits to it and its tasks. */
export const canReadVisitAt = (actor: Actor, orgPath: string) => actorCan(actor, 'problem.read', orgPath);

/** visit.manage over the village (the district's officers by default). */
export const canManageVisitAt = (actor: Actor, orgPath: string) => actorCan(actor, 'visit.manage', orgPath);

export function visitTaskAllowedActions(actor: Actor, row: { org_path: string; status: string }): VisitTaskAction[] {
  return canManageVisitAt(actor, row.org_path) ? visitTaskActionsFrom(row.status as VisitTaskStatus) : [];
}
