import type { LiaisonGroupAction } from '../../../domain/contracts/liaison-groups.ts';
import { pathIds } from '../../../domain/organizations.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import type { Actor } from '../../http/context.ts';
import { actorCan } from '../organizations/organizations.policy.ts';

interface GroupLike {
  archived_at: string | null;
  memberUserIds: readonly string[];
  villagePaths: readonly string[];
}

/** Groups are set up district-wide: it needs liaison.manage at a top-level (district) root. */
export const canManageLiaisonGroups = (actor: Actor) =>
  scopeRoots(actor.assignments, 'liaison.manage').some((r) => pathIds(r).length === 1);

/**
 * A group is seen by district-wide managers, by its own members, and by
 * anyone holding liaison.manage over one of its villages. To everyone else
 * it does not exist.
 */
export function canSeeGroup(actor: Actor, g: GroupLike): boolean {
  return (
    canManageLiaisonGroups(actor) ||
    g.memberUserIds.includes(actor.userId) ||
    g.villagePaths.some((p) => actorCan(actor, 'liaison.manage', p))
  );
}

/** What the actor may do to this group; the UI draws buttons from this only. */
export function allowedGroupActions(actor: Actor, g: GroupLike): LiaisonGroupAction[] {
  if (!canManageLiaisonGroups(actor)) return [];
  return g.archived_at ? ['restore'] : ['edit', 'archive'];
}
