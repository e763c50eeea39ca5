import { visitTaskActionsFrom, type VisitTaskAction, type VisitTaskStatus } from '../../../domain/visit-tasks.ts';
import type { Actor } from '../../http/context.ts';
import { archivedReadOnly } from '../../http/errors.ts';
import { actorCan } from '../organizations/organizations.policy.ts';

/** Readers of a village see the visits to it and its tasks. */
export const canReadVisitAt = (actor: Actor, orgPath: string) => actorCan(actor, 'problem.read', orgPath);

/** visit.manage over the village (the district's officers by default). */
export const canManageVisitAt = (actor: Actor, orgPath: string) => actorCan(actor, 'visit.manage', orgPath);

/** A task may go to a village of the visit the actor manages visits for, unless it is archived. */
export const canAssignTo = (actor: Actor, org: { org_path: string; archived_at: string | null }) =>
  org.archived_at === null && canManageVisitAt(actor, org.org_path);

export function visitTaskAllowedActions(
  actor: Actor,
  row: { org_path: string; status: string; organization_archived_at: string | null },
): VisitTaskAction[] {
  if (row.organization_archived_at !== null) return [];
  return canManageVisitAt(actor, row.org_path) ? visitTaskActionsFrom(row.status as VisitTaskStatus) : [];
}

/**
 * A visit and the tasks of an archived (撤销) village stay on the record as they were: read, never written again.
 * The check reads the organization's row as the visit or task was read; it does not lock it. Throws CONFLICT.
 */
export function refuseArchivedVillage(org: { name: string; archived_at: string | null }): void {
  if (org.archived_at !== null) throw archivedReadOnly(org.name, '调研督导记录和交办事项');
}
