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

/** The portal's masking dictionary: every person's and organization's name the record has held (added by triggers). */
export interface MaskingWordsTable {
  id: Generated<number>;
  kind: 'person' | 'organization';
  word: string;
  token: string;
}

/**
 * Problems per organization subtree, status and (open/rectifying only) deadline,
 * kept by triggers on problems (migration 2026-12-03-01-problem-counters).
 */
export interface ProblemCountersTable {
  /** The organization whose subtree is counted (a problem counts in its organization and every ancestor). */
  scope_id: string;
  status: string;
  /** The due date of open and rectifying problems; '' for other statuses and for no deadline. */
  due_on: string;
  n: number;
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
  /** The notice the version was issued under, e.g. 《关于进一步加强农村基层组织规范化建设的通知》, and its date (YYYY-MM-DD). */
  notice_title?: string | null;
  notice_date?: string | null;
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
  /** 集中整改期 as set by the district; null = the default (src/domain/rectification.ts rectificationPeriod). */
  rectification_start?: string | null;
  rectification_end?: string | null;
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
  /**
   * The Shanghai day (YYYY-MM-DD) from which the reminders job looks at the problem again; null: nothing to tell
   * unless it changes. Set by the problems repository on a write to status, due_on or submitted_at (the write's day),
   * moved by the job to the next step's day (src/domain/reminders.ts nextReminderOn), without a version bump.
   */
  remind_on: string | null;
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
  /** The 村两委会 review the measure was drafted in (null when drafted elsewhere). */
  review_id?: string | null;
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
  /** Standing against the standard (Figures.standardScore …); 0 in weeks frozen before it was counted. */
  standard_score: Generated<number>;
  standard_max: Generated<number>;
  units_scored: Generated<number>;
  units_attained: Generated<number>;
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
  /** 版记's 印发机关 (the drafting office); null on circulars made before it was kept. */
  drafting_office: string | null;
  number_prefix: string;
  number_year: number | null;
  number_seq: number | null;
  number: string | null;
  doc_date: string;
  /** JSON: the sections of the body. */
  body: string;
  /** JSON: the annex tables frozen at generation (ranking, RAG, overdue list). */
  annex: string;
  /**
   * JSON, written with `annex`: what the detail, the Word file and the public page show of it (src/domain/
   * circular-annex-excerpt.ts CircularAnnexView). Null on circulars written before it was kept.
   */
  annex_view: string | null;
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

/** The 村"两委"会 review of a village's problem list in a round: one per checklist. */
export interface VillageReviewsTable {
  id: string;
  checklist_id: string;
  round_id: string;
  organization_id: string;
  org_path: string;
  liaison_group_id: string | null;
  held_on: string;
  place: string;
  attendees: string;
  minutes: string;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** Per problem of a review: 'confirmed' | 'disputed' (with its reason). */
export interface ReviewOutcomesTable {
  id: string;
  review_id: string;
  problem_id: string;
  outcome: string;
  reason: string | null;
  recorded_by: string | null;
  recorded_at: string;
}

/** One version of a village's 一村一策 plan: 'draft' | 'approved' | 'superseded'. */
export interface VillagePlansTable {
  id: string;
  review_id: string;
  organization_id: string;
  org_path: string;
  version_no: number;
  status: string;
  title: string;
  preamble: string;
  closing: string;
  /** JSON: PlanContent (src/domain/village-plan.ts). */
  content: string;
  approved_at: string | null;
  approved_by: string | null;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A leader's supervision visit (调研督导). */
export interface SupervisionVisitsTable {
  id: string;
  visited_on: string;
  leader_name: string;
  leader_title: string;
  observations: string;
  instructions: string;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface VisitOrganizationsTable {
  visit_id: string;
  organization_id: string;
  org_path: string;
}

/** 交办事项: an instruction of a visit tracked to its outcome ('open' | 'done' | 'not_done'). */
export interface VisitTasksTable {
  id: string;
  visit_id: string;
  organization_id: string;
  org_path: string;
  instruction: string;
  owner_unit: string;
  due_on: string;
  status: string;
  outcome_note: string | null;
  outcome_at: string | null;
  outcome_by: string | null;
  /** When it was done (null while open or not done). */
  done_at: string | null;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** 达标验收 of a village in a round (one per checklist); status from src/domain/attainment-workflow.ts. */
export interface VillageAttainmentsTable {
  id: string;
  checklist_id: string;
  round_id: string;
  organization_id: string;
  status: string;
  /** The liaison group's verification note of the latest proposal. */
  note: string | null;
  /** JSON array of evidence ids. */
  evidence_ids: string;
  proposed_at: string | null;
  proposed_by: string | null;
  decided_at: string | null;
  decided_by: string | null;
  /** Why it was last sent back or revoked. */
  reason: string | null;
  /** Shanghai date of confirmation (null unless confirmed). */
  confirmed_on: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** One row per 达标 step: never edited or pruned. */
export interface AttainmentHistoryTable {
  id: string;
  attainment_id: string;
  action: string;
  from_status: string;
  to_status: string;
  actor_id: string | null;
  at: string;
  text: string | null;
  /** The reopened problem that revoked it (回头看). */
  problem_id: string | null;
}

/** 村级活动场所: a venue of a village or community, with its judgement under the rules at the last write. */
export interface VenuesTable {
  id: string;
  organization_id: string;
  org_path: string;
  name: string;
  address: string;
  /** ㎡ */
  building_area: number;
  /** 'owned' | 'rented' | 'borrowed' | 'mortgaged' | 'transferred' */
  ownership: string;
  /** 'in_use' | 'other_use' | 'idle' | 'under_construction' */
  current_use: string;
  hall_area: number;
  has_signage: number;
  rules_posted: number;
  notes: string | null;
  passes: number;
  /** JSON: VenueReason[] (src/domain/venue-rules.ts). */
  reasons: string;
  /** When it first went on the clearance list (null: never failed). */
  listed_at: string | null;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A change of a venue's judgement; `cause`: 'created' | 'edited' | 'corrected' (登记更正: off the list by an edit) | 'accepted' | 'rules'. */
export interface VenueStatusHistoryTable {
  id: string;
  venue_id: string;
  at: string;
  passes: number;
  reasons: string;
  cause: string;
}

/** 一村一案: a project fixing a venue (src/domain/venue-project-workflow.ts). Money in fen. */
export interface VenueProjectsTable {
  id: string;
  venue_id: string;
  organization_id: string;
  org_path: string;
  kind: string;
  plan: string;
  budget: number;
  planned_area: number;
  deadline: string;
  status: string;
  progress: number;
  last_moved_at: string;
  return_reason: string | null;
  accepted_at: string | null;
  accepted_by: string | null;
  allocated: number;
  spent: number;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface VenueProjectHistoryTable {
  id: string;
  project_id: string;
  at: string;
  /** A workflow action, or 'created'. */
  action: string;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  actor_id: string | null;
}

export interface VenueMilestonesTable {
  id: string;
  project_id: string;
  title: string;
  progress: number;
  note: string | null;
  recorded_by: string | null;
  recorded_at: string;
}

/** A photo, plan attachment or voucher; the bytes live in the evidence store (files/<2>/<sha256>). */
export interface VenueFilesTable {
  id: string;
  venue_id: string;
  project_id: string | null;
  milestone_id: string | null;
  spending_id: string | null;
  /** 'venue_photo' | 'plan' | 'milestone_photo' | 'voucher' */
  purpose: string;
  sha256: string;
  size: number;
  mime: string;
  original_name: string;
  organization_id: string;
  org_path: string;
  uploaded_by: string | null;
  uploaded_at: string;
}

/** 区级财政专项: money allocated to a venue project (fen). */
export interface FundAllocationsTable {
  id: string;
  project_id: string;
  organization_id: string;
  org_path: string;
  amount: number;
  allocated_on: string;
  document_no: string;
  note: string | null;
  created_by: string | null;
  created_at: string;
  /** Set on a reversal (冲销, a negative amount): the allocation it reverses; one at most per allocation. */
  reverses_id: string | null;
  /** Why the reversal was made (a reversal only). */
  reversal_reason: string | null;
}

/** Money spent on a venue project (fen); `override_reason` set when it went over the balance. */
export interface FundSpendingsTable {
  id: string;
  project_id: string;
  organization_id: string;
  org_path: string;
  amount: number;
  spent_on: string;
  payee: string;
  purpose: string;
  voucher_no: string;
  override_reason: string | null;
  created_by: string | null;
  created_at: string;
  /** Set on a reversal (冲销, a negative amount): the spend it reverses; one at most per spend. */
  reverses_id: string | null;
  /** Why the reversal was made (a reversal only). */
  reversal_reason: string | null;
}

/** A venue's campaign state at a frozen week's end. */
export interface VenueSnapshotsTable {
  week_start: string;
  venue_id: string;
  organization_id: string;
  org_path: string;
  on_list: number;
  ever_listed: number;
  reasons: string;
  project_id: string | null;
  project_kind: string | null;
  project_status: string | null;
  progress: number;
  days_overdue: number;
  stalled: number;
  computed_at: string;
}

/** A link of the public ledger (src/domain/public-chain.ts): the entry as hashed, its place and hashes. */
export interface PublicChainEntriesTable {
  seq: number;
  at: string;
  type: string;
  /** The village the entry is about. */
  organization_id: string | null;
  subject_type: string;
  subject_id: string | null;
  /** RFC 8785 canonical JSON text of the entry. */
  entry: string;
  prev_hash: string;
  hash: string;
}

/** One row (id 1): where the public ledger ends. Every append locks and moves it. */
export interface PublicChainHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/** An evidence photo chosen for the portal, with an optional caption. */
export interface PublicEvidenceTable {
  evidence_id: string;
  caption: string | null;
  published_at: string;
  published_by: string | null;
}

/** 工作动态: an article of work news ('draft' | 'published' | 'unpublished'); body sanitized on the server. */
export interface ArticlesTable {
  id: string;
  title: string;
  source: string;
  status: string;
  published_at: string | null;
  body: string;
  summary: string;
  /** JSON array of strings. */
  tags: string;
  views: number;
  is_sample: number;
  created_by: string | null;
  published_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** An image of an article; the bytes live in the evidence store (files/<2>/<sha256>). */
export interface ArticleImagesTable {
  id: string;
  article_id: string;
  sha256: string;
  mime: string;
  size: number;
  caption: string | null;
  uploaded_by: string | null;
  uploaded_at: string;
}

export interface ArticleVillagesTable {
  article_id: string;
  organization_id: string;
}

/** 群众监督: a villager's comment or report on a village or one of its problems, moderated before it shows. */
export interface FeedbackTable {
  id: string;
  organization_id: string;
  org_path: string;
  problem_id: string | null;
  /** 'comment' | 'report' */
  kind: string;
  body: string;
  /** The text published, when the moderator changed it (a bystander's name taken out); null: as written. */
  public_body: string | null;
  author_name: string | null;
  /** 'pending' | 'published' | 'rejected' | 'withdrawn' (taken down after publication) */
  status: string;
  reply: string | null;
  replied_at: string | null;
  replied_by: string | null;
  reject_reason: string | null;
  moderated_at: string | null;
  moderated_by: string | null;
  published_at: string | null;
  /** The ledger problem recorded from this feedback. */
  converted_problem_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** An accepted feedback form (migration 2026-12-05-04): its sender and time, for the rate limit across instances. */
export interface FeedbackSubmissionsTable {
  id: string;
  /** A keyed hash of the sender's address (feedback-token.ts sourceOf), never the address. */
  source: string;
  at: string;
}

/** A write's Idempotency-Key (migration 2026-12-06-01): its request and, once answered, the answer to replay. */
export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  /** `POST /api/measures`: a key is for one request. */
  request: string;
  /** Null while the first request is being answered. */
  status_code: number | null;
  body: string | null;
  created_at: string;
}

/** The public ledger's head when a circular was published (printed on it). */
export interface CircularChainAnchorsTable {
  circular_id: string;
  seq: number;
  hash: string;
  at: string;
}

// ── 两学一做 and the regular Party life (migration 2026-12-02-09-study) ──────────

/** 党员名册: one member of a branch. The phone is never public and shown only to member.phone. */
export interface PartyMembersTable {
  id: string;
  organization_id: string;
  org_path: string;
  name: string;
  /** 'male' | 'female' */
  gender: string;
  joined_on: string | null;
  /** 'full' (正式) | 'probationary' (预备) */
  status: string;
  /** 流动党员 (0/1). */
  works_away: number;
  phone: string | null;
  note: string | null;
  left_on: string | null;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface StudyPlansTable {
  id: string;
  organization_id: string;
  org_path: string;
  title: string;
  starts_on: string;
  ends_on: string;
  /** JSON arrays of strings / session kinds. */
  topics: string;
  forms: string;
  sessions_per_month: number;
  note: string | null;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface StudySessionsTable {
  id: string;
  organization_id: string;
  org_path: string;
  plan_id: string | null;
  kind: string;
  starts_at: string;
  place: string;
  speaker: string | null;
  topic: string;
  summary: string | null;
  plays_count: number | null;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface StudyAttendanceTable {
  session_id: string;
  member_id: string;
  status: string;
  absence_reason: string | null;
  note: string | null;
  made_up_on: string | null;
  updated_at: string;
}

/** 三会一课: one meeting held. */
export interface PartyMeetingsTable {
  id: string;
  organization_id: string;
  org_path: string;
  kind: string;
  held_at: string;
  place: string;
  attendees: string;
  expected_count: number | null;
  present_count: number | null;
  agenda: string;
  minutes: string | null;
  decisions: string | null;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface StudyToursTable {
  id: string;
  organization_id: string;
  org_path: string;
  title: string;
  tour_date: string;
  destination: string;
  purpose: string;
  /** JSON array of invited role codes. */
  invited_roles: string;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface TourParticipantsTable {
  id: string;
  tour_id: string;
  organization_id: string;
  org_path: string;
  name: string;
  role: string;
  member_id: string | null;
  user_id: string | null;
  created_at: string;
}

export interface TourTakeawaysTable {
  id: string;
  tour_id: string;
  organization_id: string;
  org_path: string;
  text: string;
  recorded_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** 便民服务大厅: one per village (or community). */
export interface ServiceHallsTable {
  organization_id: string;
  org_path: string;
  name: string;
  opening_hours: string;
  /** JSON arrays: ISO weekdays open, services offered. */
  open_weekdays: string;
  services: string;
  tracked_from: string;
  updated_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface DutyRosterTable {
  id: string;
  organization_id: string;
  weekday: number;
  shift: string;
  person_name: string;
  user_id: string | null;
  sort_order: number;
}

export interface DutySigninsTable {
  id: string;
  organization_id: string;
  org_path: string;
  on_date: string;
  at: string;
  user_id: string;
  person_name: string;
  shift: string;
  on_roster: number;
  note: string | null;
}

export interface StudyFilesTable {
  id: string;
  session_id: string | null;
  signin_id: string | null;
  /** 'material' | 'photo' | 'recording' | 'duty_photo' */
  purpose: string;
  sha256: string;
  size: number;
  mime: string;
  original_name: string;
  organization_id: string;
  org_path: string;
  uploaded_by: string | null;
  uploaded_at: string;
}

/** The Party life's figures of one organization's subtree for one week, frozen with the weekly snapshot. */
export interface StudySnapshotsTable {
  week_start: string;
  organization_id: string;
  org_path: string;
  sessions_week: number;
  sessions_month: number;
  sessions_planned_month: number;
  attendance_records: number;
  attendance_attended: number;
  members: number;
  members_never_reached: number;
  meetings_missed: number;
  duty_days_due: number;
  duty_days_staffed: number;
  computed_at: string;
}

/** How many times a table has been written (migration 2026-12-04-12): what is kept in memory from it is named by it. */
export interface DataGenerationsTable {
  /** The table: 'organizations' or 'weekly_reports'. */
  topic: string;
  /** bigint: a string from PostgreSQL (toNumber). */
  n: number | string;
}

/** A report written under a generation of weekly_reports (migration 2026-12-04-15; triggers write it). */
export interface WeeklyReportChangesTable {
  /** bigint: a string from PostgreSQL (toNumber). */
  gen: number | string;
  report_id: string;
  week_start: string;
  unit_type: string;
  unit_id: string;
}

/** An organization changed under a generation of organizations (migration 2026-12-05-01; triggers write it). */
export interface OrganizationChangesTable {
  /** bigint: a string from PostgreSQL (toNumber). */
  gen: number | string;
  organization_id: string;
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
  problem_counters: ProblemCountersTable;
  data_generations: DataGenerationsTable;
  weekly_report_changes: WeeklyReportChangesTable;
  organization_changes: OrganizationChangesTable;
  masking_words: MaskingWordsTable;
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
  village_attainments: VillageAttainmentsTable;
  attainment_history: AttainmentHistoryTable;
  village_reviews: VillageReviewsTable;
  review_outcomes: ReviewOutcomesTable;
  village_plans: VillagePlansTable;
  supervision_visits: SupervisionVisitsTable;
  visit_organizations: VisitOrganizationsTable;
  visit_tasks: VisitTasksTable;
  venues: VenuesTable;
  venue_status_history: VenueStatusHistoryTable;
  venue_projects: VenueProjectsTable;
  venue_project_history: VenueProjectHistoryTable;
  venue_milestones: VenueMilestonesTable;
  venue_files: VenueFilesTable;
  fund_allocations: FundAllocationsTable;
  fund_spendings: FundSpendingsTable;
  venue_snapshots: VenueSnapshotsTable;
  public_chain_entries: PublicChainEntriesTable;
  public_chain_head: PublicChainHeadTable;
  public_evidence: PublicEvidenceTable;
  articles: ArticlesTable;
  article_images: ArticleImagesTable;
  article_villages: ArticleVillagesTable;
  feedback: FeedbackTable;
  feedback_submissions: FeedbackSubmissionsTable;
  idempotency_keys: IdempotencyKeysTable;
  circular_chain_anchors: CircularChainAnchorsTable;
  party_members: PartyMembersTable;
  study_plans: StudyPlansTable;
  study_sessions: StudySessionsTable;
  study_attendance: StudyAttendanceTable;
  party_meetings: PartyMeetingsTable;
  study_tours: StudyToursTable;
  tour_participants: TourParticipantsTable;
  tour_takeaways: TourTakeawaysTable;
  service_halls: ServiceHallsTable;
  duty_roster: DutyRosterTable;
  duty_signins: DutySigninsTable;
  study_files: StudyFilesTable;
  study_snapshots: StudySnapshotsTable;
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type NewOrganizationRow = Insertable<OrganizationsTable>;
export type OrganizationUpdate = Updateable<OrganizationsTable>;
export type UserRow = Selectable<UsersTable>;
export type RoleAssignmentRow = Selectable<RoleAssignmentsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
