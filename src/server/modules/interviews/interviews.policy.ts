import { interviewActionsFrom, type InterviewAction, type InterviewStatus } from '../../../domain/interview-workflow.ts';
import type { Actor } from '../../http/context.ts';
import { actorCan } from '../organizations/organizations.policy.ts';

/** Readers with problem.read over the organization see its interviews. */
export const canReadInterview = (actor: Actor, orgPath: string) => actorCan(actor, 'problem.read', orgPath);

/** interview.manage over the organization: schedule, reschedule, record, close, cancel. */
export const canManageInterview = (actor: Actor, orgPath: string) => actorCan(actor, 'interview.manage', orgPath);

/** What the actor may do next; the UI draws its buttons from this only. */
export function interviewAllowedActions(actor: Actor, row: { org_path: string; status: string }): InterviewAction[] {
  return canManageInterview(actor, row.org_path) ? interviewActionsFrom(row.status as InterviewStatus) : [];
}
