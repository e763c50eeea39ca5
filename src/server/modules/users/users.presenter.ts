import type { User, UserAction } from '../../../domain/contracts/users.ts';
import type { OrganizationKind } from '../../../domain/organizations.ts';
import type { Role } from '../../../domain/roles.ts';
import type { UserRow } from '../../db/database.ts';
import type { AssignmentWithOrg } from './users.repository.ts';

export function presentUser(u: UserRow, assignments: AssignmentWithOrg[], allowedActions: UserAction[]): User {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    phone: u.phone,
    email: u.email,
    disabled: u.disabled_at !== null,
    roles: assignments.map((a) => ({
      id: a.id,
      role: a.role as Role,
      organizationId: a.organization_id,
      organizationName: a.organization_name,
      organizationKind: a.organization_kind as OrganizationKind,
    })),
    version: u.version,
    createdAt: u.created_at,
    updatedAt: u.updated_at,
    allowedActions,
  };
}
