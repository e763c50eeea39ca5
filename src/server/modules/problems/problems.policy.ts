import type { ProblemAllowedAction } from '../../../domain/contracts/problems.ts';
import { actionsFrom, PROBLEM_WORKFLOW, type ProblemStatus } from '../../../domain/problem-workflow.ts';
import type { Actor } from '../../http/context.ts';
import { actorCan } from '../organizations/organizations.policy.ts';

interface ProblemLike {
  org_path: string;
  status: string;
}

export const canReadProblem = (actor: Actor, p: ProblemLike) => actorCan(actor, 'problem.read', p.org_path);

/**
 * Everything the actor may do to this problem now: the workflow actions whose
 * source is the current status and whose permission the actor holds here, and
 * the side actions. DTOs carry this; the UI draws buttons from it only.
 */
export function problemAllowedActions(actor: Actor, p: ProblemLike): ProblemAllowedAction[] {
  const status = p.status as ProblemStatus;
  const can = (perm: Parameters<typeof actorCan>[1]) => actorCan(actor, perm, p.org_path);
  const actions: ProblemAllowedAction[] = actionsFrom(status).filter((a) => can(PROBLEM_WORKFLOW[a].permission));
  const settled = status === 'closed' || status === 'accepted';
  if (can('problem.edit') && status !== 'closed') actions.push('edit');
  if (!settled && (can('problem.rectify') || can('problem.edit') || can('problem.verify'))) actions.push('addProgress');
  if (!settled && can('measure.manage')) actions.push('addMeasure');
  if (!settled && (can('problem.rectify') || can('measure.manage') || can('problem.verify'))) actions.push('uploadEvidence');
  return actions;
}
