import type { CadenceRules } from '../../../domain/cadence-rules.ts';
import type { ProblemAllowedAction } from '../../../domain/contracts/problems.ts';
import {
  actionsFrom,
  fourEyesForbids,
  mayFireProblemAction,
  type ProblemAction,
  type ProblemStatus,
} from '../../../domain/problem-workflow.ts';
import type { Actor } from '../../http/context.ts';
import { actorCan } from '../organizations/organizations.policy.ts';

export interface ProblemLike {
  org_path: string;
  status: string;
  /** Who accepted it in the current cycle (null until accepted, cleared by reopening). */
  accepted_by?: string | null;
}

/** The program rules the policy follows (cadence rules `problems`, as in force: four eyes, who acts). */
export type ProblemRules = CadenceRules['problems'];

/** Whether the actor may fire the action over the problem's organization, as the program's rules say who acts. */
export const mayFire = (actor: Actor, action: ProblemAction, path: string, rules: ProblemRules): boolean =>
  mayFireProblemAction(actor.assignments, action, path, rules.actors);

export const canReadProblem = (actor: Actor, p: ProblemLike) => actorCan(actor, 'problem.read', p.org_path);

/** A district admin over the problem's organization (exempt from four eyes). */
const isDistrictAdminOver = (actor: Actor, path: string) =>
  actor.assignments.some((a) => a.role === 'district_admin' && path.startsWith(a.organizationPath));

/** True when the four-eyes rule refuses the action to this actor (they accepted the problem). */
export function fourEyesRefuses(actor: Actor, p: ProblemLike, action: ProblemAction, rules: ProblemRules): boolean {
  return fourEyesForbids({
    action,
    acceptedBy: p.accepted_by ?? null,
    actorId: actor.userId,
    actorIsDistrictAdmin: isDistrictAdminOver(actor, p.org_path),
    ruleOn: rules.fourEyes,
  });
}

/**
 * Everything the actor may do to this problem now: the workflow actions whose
 * source is the current status, which the program lets the actor fire here
 * (who acts) and which the four-eyes rule does not refuse, and the side
 * actions. DTOs carry this; the UI draws buttons from it only. Whoever may
 * rectify or verify by the rules also adds progress notes and evidence (a
 * submission needs its evidence).
 */
export function problemAllowedActions(actor: Actor, p: ProblemLike, rules: ProblemRules): ProblemAllowedAction[] {
  const status = p.status as ProblemStatus;
  const can = (perm: Parameters<typeof actorCan>[1]) => actorCan(actor, perm, p.org_path);
  const fires = (a: ProblemAction) => mayFire(actor, a, p.org_path, rules);
  const actions: ProblemAllowedAction[] = actionsFrom(status).filter((a) => fires(a) && !fourEyesRefuses(actor, p, a, rules));
  // Accepted or closed: the file is settled; withdrawn (撤销): it is no longer the village's to fix.
  const settled = status === 'closed' || status === 'accepted' || status === 'withdrawn';
  const worksOnIt = fires('start') || fires('submit') || fires('accept') || fires('reject');
  if (can('problem.edit') && status !== 'closed' && status !== 'withdrawn') actions.push('edit');
  if (!settled && (worksOnIt || can('problem.rectify') || can('problem.edit') || can('problem.verify'))) actions.push('addProgress');
  if (!settled && can('measure.manage')) actions.push('addMeasure');
  if (!settled && (worksOnIt || can('problem.rectify') || can('measure.manage') || can('problem.verify'))) actions.push('uploadEvidence');
  return actions;
}
