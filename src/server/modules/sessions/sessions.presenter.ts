import type { Session, SessionState, SessionUser } from '../../../domain/contracts/session.ts';
import { PERMISSIONS, roleGrants } from '../../../domain/roles.ts';
import type { OrganizationKind } from '../../../domain/organizations.ts';
import type { Actor } from '../../http/context.ts';

export function presentSessionUser(actor: Actor): SessionUser {
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    roles: actor.assignments.map((a) => ({
      id: a.id,
      role: a.role,
      organizationId: a.organizationId,
      organizationName: a.organizationName,
      organizationKind: a.organizationKind as OrganizationKind,
    })),
    permissions: PERMISSIONS.filter((p) => actor.assignments.some((a) => roleGrants(a.role, p))),
  };
}

export function presentSession(actor: Actor, expiresAt: string): Session {
  return { user: presentSessionUser(actor), expiresAt };
}

/** GET /api/session's answer: the session, or `{ user: null, expiresAt: null }` when signed out. */
export function presentSessionState(actor: Actor | null): SessionState {
  return actor ? presentSession(actor, actor.sessionExpiresAt) : { user: null, expiresAt: null };
}
