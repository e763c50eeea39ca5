import type { UserAction } from '../../../domain/contracts/users.ts';
import { pathIds } from '../../../domain/organizations.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import type { Actor } from '../../http/context.ts';

interface TargetUser {
  id: string;
  disabled_at: string | null;
  assignmentPaths: string[];
  /** For an account without a role: the villages of the liaison groups seating it (its district is theirs). */
  seatPaths?: string[];
}

const isTopRoot = (path: string) => pathIds(path).length === 1;

function covers(actor: Actor, permission: 'user.read' | 'user.manage', paths: string[], seatPaths: string[] = []): 'all' | 'some' | 'none' {
  const roots = scopeRoots(actor.assignments, permission);
  if (paths.length === 0) {
    if (!roots.some(isTopRoot)) return 'none';
    // Without a role, an account seated in liaison groups is the district's of their villages (in a database of
    // several roots, another district's admin neither sees nor manages it); one seated nowhere, any district's.
    if (seatPaths.length === 0) return 'all';
    const tops = roots.filter(isTopRoot);
    return seatPaths.every((p) => tops.some((r) => p.startsWith(r)))
      ? 'all'
      : seatPaths.some((p) => tops.some((r) => p.startsWith(r)))
        ? 'some'
        : 'none';
  }
  const inside = paths.filter((p) => roots.some((r) => p.startsWith(r))).length;
  return inside === paths.length ? 'all' : inside > 0 ? 'some' : 'none';
}

/** A user is visible when any of their roles lies in the reader's scope. */
export const canSeeUser = (actor: Actor, u: TargetUser) => covers(actor, 'user.read', u.assignmentPaths, u.seatPaths) !== 'none';

/** Managing a user needs user.manage over every one of their roles, so no one edits a wider-scoped account. */
export const canManageUser = (actor: Actor, u: TargetUser) => covers(actor, 'user.manage', u.assignmentPaths, u.seatPaths) === 'all';

export function allowedUserActions(actor: Actor, u: TargetUser): UserAction[] {
  if (!canManageUser(actor, u)) return [];
  // One's own password is changed under 我的账户, with the current one (and its own throttle): a reset would let a
  // stolen session set a new password without knowing the old.
  const actions: UserAction[] = u.id === actor.userId ? ['edit', 'grantRole'] : ['edit', 'resetPassword', 'grantRole'];
  if (u.assignmentPaths.length > 0) actions.push('revokeRole');
  if (u.id !== actor.userId) actions.push(u.disabled_at ? 'enable' : 'disable');
  return actions;
}
