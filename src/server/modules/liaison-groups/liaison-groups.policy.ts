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
 * A district-wide manager manages the groups of their own district: every village of the group lies under a root
 * where they hold liaison.manage (in a database of several roots, another district's groups are not theirs). A
 * group without villages is any district-wide manager's.
 */
export function canManageGroup(actor: Actor, g: GroupLike): boolean {
  if (!canManageLiaisonGroups(actor)) return false;
  const roots = scopeRoots(actor.assignments, 'liaison.manage').filter((r) => pathIds(r).length === 1);
  return g.villagePaths.every((p) => roots.some((r) => p.startsWith(r)));
}

/**
 * A group is seen by its district's managers, by its own members, and by
 * anyone holding liaison.manage over one of its villages. To everyone else
 * it does not exist.
 */
export function canSeeGroup(actor: Actor, g: GroupLike): boolean {
  return (
    canManageGroup(actor, g) || g.memberUserIds.includes(actor.userId) || g.villagePaths.some((p) => actorCan(actor, 'liaison.manage', p))
  );
}

/** What the actor may do to this group; the UI draws buttons from this only. */
export function allowedGroupActions(actor: Actor, g: GroupLike): LiaisonGroupAction[] {
  if (!canManageGroup(actor, g)) return [];
  return g.archived_at ? ['restore'] : ['edit', 'archive'];
}
