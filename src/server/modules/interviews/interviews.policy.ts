import { interviewActionsFrom, type InterviewAction, type InterviewStatus } from '../../../domain/interview-workflow.ts';
import type { Actor } from '../../http/context.ts';
import { archivedReadOnly } from '../../http/errors.ts';
import { actorCan } from '../organizations/organizations.policy.ts';

/** Readers with problem.read over the organization see its interviews. */
export const canReadInterview = (actor: Actor, orgPath: string) => actorCan(actor, 'problem.read', orgPath);

/** interview.manage over the organization: schedule, reschedule, record, close, cancel. */
export const canManageInterview = (actor: Actor, orgPath: string) => actorCan(actor, 'interview.manage', orgPath);

/**
 * An archived (撤销) organization's interviews are kept as they were: read, none scheduled or changed again (as
 * study-scope.ts refuseArchived for the Party life). Checked once the actor may write there, on the organization's
 * row as the interview (or the organization) was read. Throws CONFLICT.
 */
export function refuseArchivedInterview(org: { organization_name: string; organization_archived_at: string | null }): void {
  if (org.organization_archived_at !== null) throw archivedReadOnly(org.organization_name, '约谈记录');
}

/** What the actor may do next (nothing at an archived organization); the UI draws its buttons from this only. */
export function interviewAllowedActions(
  actor: Actor,
  row: { org_path: string; status: string; organization_archived_at: string | null },
): InterviewAction[] {
  if (row.organization_archived_at !== null) return [];
  return canManageInterview(actor, row.org_path) ? interviewActionsFrom(row.status as InterviewStatus) : [];
}
