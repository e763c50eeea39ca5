import type { Visit, VisitTask } from '../../../domain/contracts/visits.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import { daysLate, isTaskOverdue, type VisitTaskStatus } from '../../../domain/visit-tasks.ts';
import type { SupervisionVisitsTable, VisitTasksTable } from '../../db/database.ts';
import type { Actor } from '../../http/context.ts';
import { canAssignTo, canManageVisitAt, visitTaskAllowedActions } from './visits.policy.ts';
import type { TaskRow, VisitRow } from './visits.repository.ts';

export function presentTask(t: TaskRow, actor: Actor, now: Date): VisitTask {
  const status = t.status as VisitTaskStatus;
  const overdue = isTaskOverdue(status, t.due_on, now);
  return {
    id: t.id,
    visitId: t.visit_id,
    visitedOn: t.visited_on,
    leaderName: t.leader_name,
    leaderTitle: t.leader_title,
    organizationId: t.organization_id,
    organizationName: t.organization_name,
    instruction: t.instruction,
    ownerUnit: t.owner_unit,
    dueOn: t.due_on,
    status,
    overdue,
    daysOverdue: overdue ? daysLate(t.due_on, shanghaiDate(now)) : 0,
    outcomeNote: t.outcome_note,
    outcomeAt: t.outcome_at,
    doneAt: t.done_at,
    version: Number(t.version),
    allowedActions: visitTaskAllowedActions(actor, t),
  };
}

export function presentVisit(
  v: VisitRow,
  orgs: ReadonlyArray<{ organization_id: string; org_path: string; name: string; archived_at: string | null }>,
  tasks: readonly TaskRow[],
  actor: Actor,
  now: Date,
): Visit {
  // An archived village's record is read only, and the visit's record is its record too.
  const editable = orgs.length > 0 && orgs.every((o) => o.archived_at === null && canManageVisitAt(actor, o.org_path));
  return {
    id: v.id,
    visitedOn: v.visited_on,
    leaderName: v.leader_name,
    leaderTitle: v.leader_title,
    organizations: orgs.map((o) => ({ id: o.organization_id, name: o.name, assignable: canAssignTo(actor, o) })),
    observations: v.observations,
    instructions: v.instructions,
    tasks: tasks.map((t) => presentTask(t, actor, now)),
    createdByName: v.created_by_name,
    version: Number(v.version),
    createdAt: v.created_at,
    updatedAt: v.updated_at,
    allowedActions: [...(editable ? (['edit'] as const) : []), ...(orgs.some((o) => canAssignTo(actor, o)) ? (['assign'] as const) : [])],
  };
}

export function snapshotVisit(
  v: Pick<SupervisionVisitsTable, 'visited_on' | 'leader_name' | 'leader_title' | 'observations' | 'instructions'>,
  organizations: string[],
) {
  return {
    visitedOn: v.visited_on,
    leaderName: v.leader_name,
    leaderTitle: v.leader_title,
    organizations,
    observations: v.observations,
    instructions: v.instructions,
  };
}

export function snapshotTask(t: Pick<VisitTasksTable, 'visit_id' | 'instruction' | 'owner_unit' | 'due_on' | 'status'>) {
  return { visitId: t.visit_id, instruction: t.instruction, ownerUnit: t.owner_unit, dueOn: t.due_on, status: t.status };
}
