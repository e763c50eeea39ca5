import type { Insertable, Selectable, Updateable } from 'kysely';

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
  /** For the email reminder channel; optional. */
  email: string | null;
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

/** A sign-in or password-change attempt, written before its password is checked (sessions.policy.ts). */
export interface LoginAttemptsTable {
  id: string;
  /** 'login' or 'password_change': separate counters. */
  kind: string;
  /** As typed, lower-cased (unknown usernames are counted too). */
  username: string;
  ip: string;
  at: string;
  /** 'pending' while its password is being checked, then 'failed'; a success deletes it. */
  state: string;
}

/** An address an account signed in from successfully, and when last. */
export interface LoginAddressesTable {
  username: string;
  ip: string;
  last_success_at: string;
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
  /** Place in the hash chain (src/domain/hash-chain.ts), from 1 without gaps; null until chained. */
  seq: number | null;
  /** The hash of the event at seq − 1 (64 zeros for seq 1). */
  prev_hash: string | null;
  /** SHA-256 (hex) of the canonical {entry, prev, seq}; see auditChainEntry. */
  hash: string | null;
}

/** The last number given in a problem-code prefix (WT-YYMM-): the next code is last + 1. */
export interface ProblemCodeCountersTable {
  prefix: string;
  last: number;
}

/** One row (id 1): where the audit chain ends. Every audited transaction locks and moves it. */
export interface AuditChainHeadTable {
  id: number;
  seq: number;
  hash: string;
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

/** Configurable rules as JSON (validated by zod in src/domain/cadence-rules.ts). */
export interface ProgramSettingsTable {
  key: string;
  value: string;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

/** A lease per scheduled job (see src/server/jobs/job-lock.ts). */
export interface JobLocksTable {
  name: string;
  locked_by: string | null;
  locked_until: string | null;
  last_started_at: string | null;
  last_finished_at: string | null;
  last_result: string | null;
}

/** A week whose snapshot is frozen; `week_start` is the Monday (Shanghai). */
export interface SnapshotWeeksTable {
  week_start: string;
  computed_at: string;
  /** null when the scheduled job froze it; the admin's id for a recompute. */
  computed_by: string | null;
  trigger: string;
  version: number;
}

/** Figures of one organization's subtree for one week (一周一统计). */
export interface WeeklySnapshotsTable {
  id: string;
  week_start: string;
  organization_id: string;
  org_path: string;
  org_kind: string;
  total: number;
  open: number;
  rectifying: number;
  submitted: number;
  accepted: number;
  closed: number;
  overdue: number;
  overdue_over_14: number;
  overdue_over_30: number;
  /** JSON array of whole days overdue, one per overdue problem. */
  overdue_ages: string;
  new_count: number;
  accepted_count: number;
  rejected_count: number;
  closed_count: number;
  late_acceptance_count: number;
  measures_total: number;
  measures_done: number;
  reports_expected: number;
  reports_on_time: number;
  reports_late: number;
  reports_missing: number;
  /** For a reporting unit itself: 'on_time' | 'late' | 'missing'; null above it. */
  report_status: string | null;
  computed_at: string;
}

/** 一周一汇报: one per reporting unit (a village, or a liaison group) per week. */
export interface WeeklyReportsTable {
  id: string;
  week_start: string;
  unit_type: string;
  unit_id: string;
  organization_id: string | null;
  liaison_group_id: string | null;
  org_path: string | null;
  status: string;
  /** JSON: the ledger figures pre-filled when the report was started or refreshed. */
  figures: string;
  progress: string;
  difficulties: string;
  next_plan: string;
  due_at: string;
  submitted_at: string | null;
  submitted_by: string | null;
  is_late: number;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface WeeklyReportCommentsTable {
  id: string;
  report_id: string;
  author_id: string | null;
  /** 'comment' or 'return' (sent back). */
  kind: string;
  text: string;
  at: string;
}

/** 一月一通报: a draft until published, then immutable and numbered. */
export interface CircularsTable {
  id: string;
  month: string;
  status: string;
  organization_id: string;
  org_path: string;
  title: string;
  issuing_office: string;
  number_prefix: string;
  number_year: number | null;
  number_seq: number | null;
  number: string | null;
  doc_date: string;
  /** JSON: the sections of the body. */
  body: string;
  /** JSON: the annex tables frozen at generation (ranking, RAG, overdue list). */
  annex: string;
  created_by: string | null;
  published_at: string | null;
  published_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** 约谈 of a lagging organization. */
export interface InterviewsTable {
  id: string;
  organization_id: string;
  org_path: string;
  status: string;
  month: string | null;
  /** JSON array of the trigger reasons. */
  reasons: string;
  scheduled_at: string;
  location: string;
  interviewer: string;
  attendees: string;
  notice: string;
  talking_points: string | null;
  commitments: string | null;
  commitment_due_on: string | null;
  held_at: string | null;
  follow_up: string | null;
  closed_at: string | null;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  dedupe_key: string;
  /** The Chinese words (outbound channels, and rows from before `params`). */
  title: string;
  body: string;
  /** JSON of the kind's parameters (src/domain/notification-messages.ts); null on rows from before it. */
  params: string | null;
  link: string | null;
  organization_id: string | null;
  created_at: string;
  read_at: string | null;
  delivered_at: string | null;
  delivery_attempts: number;
  delivery_error: string | null;
}

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  role_assignments: RoleAssignmentsTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  login_addresses: LoginAddressesTable;
  audit_events: AuditEventsTable;
  audit_chain_head: AuditChainHeadTable;
  problem_code_counters: ProblemCodeCountersTable;
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
  program_settings: ProgramSettingsTable;
  job_locks: JobLocksTable;
  snapshot_weeks: SnapshotWeeksTable;
  weekly_snapshots: WeeklySnapshotsTable;
  weekly_reports: WeeklyReportsTable;
  weekly_report_comments: WeeklyReportCommentsTable;
  circulars: CircularsTable;
  interviews: InterviewsTable;
  notifications: NotificationsTable;
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type NewOrganizationRow = Insertable<OrganizationsTable>;
export type OrganizationUpdate = Updateable<OrganizationsTable>;
export type UserRow = Selectable<UsersTable>;
export type RoleAssignmentRow = Selectable<RoleAssignmentsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
