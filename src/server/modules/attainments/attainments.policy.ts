import {
  ATTAINMENT_WORKFLOW,
  type AttainmentAction,
  attainmentActionsFrom,
  type AttainmentStatus,
} from '../../../domain/attainment-workflow.ts';
import type { Actor } from '../../http/context.ts';
import { actorCan } from '../organizations/organizations.policy.ts';

/** Readers of the village's ledger see its score and 达标 state. */
export const canReadAttainment = (actor: Actor, orgPath: string) => actorCan(actor, 'problem.read', orgPath);

/** The permission an action needs, held over the village. */
export const mayFire = (actor: Actor, action: AttainmentAction, orgPath: string) =>
  actorCan(actor, ATTAINMENT_WORKFLOW[action].permission, orgPath);

/**
 * What the actor may do now: the actions the status allows, whose permission
 * the actor holds over the village, and (propose, confirm) only while the
 * village qualifies; nothing for an archived (撤销) village, whose 达标 is read
 * only. DTOs carry this; the UI draws buttons from it only.
 */
export function attainmentAllowedActions(
  actor: Actor,
  s: { orgPath: string; archived: boolean; status: AttainmentStatus; eligible: boolean },
): AttainmentAction[] {
  if (s.archived) return [];
  return attainmentActionsFrom(s.status).filter(
    (a) => mayFire(actor, a, s.orgPath) && (!ATTAINMENT_WORKFLOW[a].needsEligible || s.eligible),
  );
}
