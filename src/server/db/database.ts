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

/** A standard family, e.g. 村级党组织规范化建设标准. */
export interface StandardsTable {
  id: string;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

/** draft (editable) → published (immutable); a new version starts as a copy. */
export interface StandardVersionsTable {
  id: string;
  standard_id: string;
  version_no: number;
  status: string;
  title: string;
  notes: string | null;
  based_on_version_id: string | null;
  published_at: string | null;
  published_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface StandardAreasTable {
  id: string;
  standard_version_id: string;
  code: string;
  name: string;
  sort_order: number;
}

export interface CheckItemsTable {
  id: string;
  standard_version_id: string;
  area_id: string;
  code: string;
  title: string;
  criterion: string;
  weight: number;
  expected_evidence: string;
  /** 'village' | 'community' | 'both' */
  applies_to: string;
  sort_order: number;
}

export interface LiaisonGroupsTable {
  id: string;
  name: string;
  department_name: string;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface LiaisonGroupMembersTable {
  id: string;
  group_id: string;
  user_id: string;
  /** 'party_office' | 'department' | 'subdistrict' */
  seat: string;
  created_at: string;
}

export interface LiaisonGroupOrgsTable {
  id: string;
  group_id: string;
  organization_id: string;
  created_at: string;
}

export interface InspectionRoundsTable {
  id: string;
  name: string;
  standard_version_id: string;
  period_start: string;
  period_end: string;
  status: string;
  created_by: string | null;
  closed_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface InspectionChecklistsTable {
  id: string;
  round_id: string;
  organization_id: string;
  liaison_group_id: string | null;
  status: string;
  completed_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface InspectionResultsTable {
  id: string;
  checklist_id: string;
  check_item_id: string;
  /** 'meets' | 'fails' | 'na' */
  result: string;
  note: string | null;
  problem_id: string | null;
  recorded_by: string | null;
  recorded_at: string;
  version: number;
}

export interface ProblemsTable {
  id: string;
  code: string;
  organization_id: string;
  /** Copy of the organization's path (kept in step on moves) for indexed subtree filters. */
  org_path: string;
  check_item_id: string | null;
  description: string;
  severity: string;
  source_round_id: string | null;
  source_group_id: string | null;
  found_on: string;
  found_by: string | null;
  owner_id: string | null;
  owner_name: string | null;
  responsible_org_id: string | null;
  lead_official: string | null;
  due_on: string | null;
  /** JSON array of strings. */
  tags: string;
  status: string;
  is_public: number;
  remark: string | null;
  submitted_at: string | null;
  accepted_at: string | null;
  accepted_by: string | null;
  acceptance_opinion: string | null;
  closed_at: string | null;
  closed_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** One row per transition (and per creation): never edited or pruned. */
export interface ProblemHistoryTable {
  id: string;
  problem_id: string;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_id: string | null;
  at: string;
  reason: string | null;
  data: string | null;
}

export interface ProgressNotesTable {
  id: string;
  problem_id: string;
  author_id: string | null;
  at: string;
  text: string;
}

export interface MeasuresTable {
  id: string;
  organization_id: string;
  org_path: string;
  description: string;
  owner_id: string | null;
  owner_name: string | null;
  due_on: string | null;
  progress: number;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface MeasureProblemsTable {
  measure_id: string;
  problem_id: string;
}

export interface EvidenceTable {
  id: string;
  sha256: string;
  size: number;
  mime: string;
  original_name: string;
  organization_id: string;
  problem_id: string | null;
  measure_id: string | null;
  note: string | null;
  uploaded_by: string | null;
  uploaded_at: string;
}

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  role_assignments: RoleAssignmentsTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  audit_events: AuditEventsTable;
  standards: StandardsTable;
  standard_versions: StandardVersionsTable;
  standard_areas: StandardAreasTable;
  check_items: CheckItemsTable;
  liaison_groups: LiaisonGroupsTable;
  liaison_group_members: LiaisonGroupMembersTable;
  liaison_group_orgs: LiaisonGroupOrgsTable;
  inspection_rounds: InspectionRoundsTable;
  inspection_checklists: InspectionChecklistsTable;
  inspection_results: InspectionResultsTable;
  problems: ProblemsTable;
  problem_history: ProblemHistoryTable;
  progress_notes: ProgressNotesTable;
  measures: MeasuresTable;
  measure_problems: MeasureProblemsTable;
  evidence: EvidenceTable;
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type NewOrganizationRow = Insertable<OrganizationsTable>;
export type OrganizationUpdate = Updateable<OrganizationsTable>;
export type UserRow = Selectable<UsersTable>;
export type RoleAssignmentRow = Selectable<RoleAssignmentsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
