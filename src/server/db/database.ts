import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types. Portable across SQLite and PostgreSQL: text UUIDv7 ids,
 * ISO-8601 UTC text timestamps, YYYY-MM-DD dates, 0/1 integer booleans,
 * JSON stored as text and validated by zod on the way out.
 */
export interface OrganizationsTable {
  id: string;
  parent_id: string | null;
  kind: string;
  name: string;
  code: string | null;
  /** Materialized path `/<rootId>/…/<id>/`; see domain/organizations.ts. */
  path: string;
  depth: number;
  is_sample: number;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  phone: string | null;
  password_hash: string;
  disabled_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface RoleAssignmentsTable {
  id: string;
  user_id: string;
  role: string;
  organization_id: string;
  created_at: string;
}

export interface SessionsTable {
  /** HMAC of the cookie token: the database alone cannot forge a cookie. */
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  username: string;
  ip: string;
  at: string;
}

export interface AuditEventsTable {
  id: string;
  at: string;
  type: string;
  actor_id: string | null;
  organization_id: string | null;
  entity_type: string;
  entity_id: string | null;
  request_id: string | null;
  /** JSON of the event (AuditEventDataSchema minus `type`). */
  data: string;
}

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  role_assignments: RoleAssignmentsTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  audit_events: AuditEventsTable;
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type NewOrganizationRow = Insertable<OrganizationsTable>;
export type OrganizationUpdate = Updateable<OrganizationsTable>;
export type UserRow = Selectable<UsersTable>;
export type RoleAssignmentRow = Selectable<RoleAssignmentsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
