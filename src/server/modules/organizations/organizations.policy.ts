import type { OrganizationAction } from '../../../domain/contracts/organizations.ts';
import { ALLOWED_PARENT_KINDS, ORGANIZATION_KINDS, type OrganizationKind } from '../../../domain/organizations.ts';
import { hasPermissionAt, type Permission } from '../../../domain/roles.ts';
import type { Actor } from '../../http/context.ts';

interface OrgLike {
  path: string;
  kind: string;
  parent_id: string | null;
  archived_at: string | null;
}

export function actorCan(actor: Actor, permission: Permission, path: string): boolean {
  return hasPermissionAt(
    actor.assignments.map((a) => ({ role: a.role, organizationPath: a.organizationPath })),
    permission,
    path,
  );
}

export const canRead = (actor: Actor, org: OrgLike) => actorCan(actor, 'organization.read', org.path);

function kindHasChildren(kind: string): boolean {
  return ORGANIZATION_KINDS.some((k) =>
    (ALLOWED_PARENT_KINDS[k] as readonly (OrganizationKind | null)[]).includes(kind as OrganizationKind),
  );
}

/** What the actor may do to this organization; the UI draws buttons from this only. */
export function allowedActions(actor: Actor, org: OrgLike): OrganizationAction[] {
  if (!actorCan(actor, 'organization.manage', org.path)) return [];
  const actions: OrganizationAction[] = ['edit'];
  const isRoot = org.parent_id === null;
  if (org.archived_at) {
    actions.push('restore');
    return actions;
  }
  if (!isRoot) actions.push('move', 'archive');
  if (kindHasChildren(org.kind)) actions.push('createChild');
  return actions;
}
