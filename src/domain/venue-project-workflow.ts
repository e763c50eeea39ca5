/**
 * 一村一案: the project that fixes a failing venue, as data. The village drafts
 * it and submits it to the subdistrict, which forwards it to the finance
 * bureau (财政局) for review; the bureau approves it or sends it back with a
 * reason; the village builds (milestones with % and photos) and reports it
 * completed; the district accepts it, entering the venue's new figures, and
 * the venue is judged again. Adding a status or an action breaks the build
 * until every `satisfies` table and exhaustive switch handles it.
 */
export const VENUE_PROJECT_STATUSES = ['drafted', 'submitted', 'under_review', 'approved', 'in_works', 'completed', 'accepted'] as const;
export type VenueProjectStatus = (typeof VENUE_PROJECT_STATUSES)[number];

export const VENUE_PROJECT_KINDS = ['new_build', 'expansion', 'conversion'] as const;
export type VenueProjectKind = (typeof VENUE_PROJECT_KINDS)[number];

export const VENUE_PROJECT_KIND_LABELS = {
  new_build: { zh: '新建', en: 'New build' },
  expansion: { zh: '扩建', en: 'Expansion' },
  conversion: { zh: '改建', en: 'Conversion' },
} as const satisfies Record<VenueProjectKind, { zh: string; en: string }>;

export const VENUE_PROJECT_ACTIONS = [
  'submit',
  'return',
  'forward',
  'send_back',
  'approve',
  'start',
  'complete',
  'reject_works',
  'accept',
] as const;
export type VenueProjectAction = (typeof VENUE_PROJECT_ACTIONS)[number];

/** The permissions of the project's steps (see roles.ts). */
export type VenueProjectPermission =
  'venue_project.draft' | 'venue_project.forward' | 'venue_project.review' | 'venue_project.works' | 'venue_project.accept';

export interface VenueProjectTransition {
  from: readonly VenueProjectStatus[];
  to: VenueProjectStatus;
  permission: VenueProjectPermission;
  /** A send-back needs its reason in words. */
  reasonRequired: boolean;
}

export const VENUE_PROJECT_WORKFLOW = {
  /** 报街道: the village submits its plan (kind, plan, budget, planned area, deadline). */
  submit: { from: ['drafted'], to: 'submitted', permission: 'venue_project.draft', reasonRequired: false },
  /** 街道退回: the subdistrict sends the plan back to the village. */
  return: { from: ['submitted'], to: 'drafted', permission: 'venue_project.forward', reasonRequired: true },
  /** 报财政局评审: the subdistrict forwards it to the finance bureau. */
  forward: { from: ['submitted'], to: 'under_review', permission: 'venue_project.forward', reasonRequired: false },
  /** 财政局退回: the finance bureau sends it back to the village, with the reason. */
  send_back: { from: ['under_review'], to: 'drafted', permission: 'venue_project.review', reasonRequired: true },
  /** 评审通过: the finance bureau approves the plan and its budget. */
  approve: { from: ['under_review'], to: 'approved', permission: 'venue_project.review', reasonRequired: false },
  /** 开工 */
  start: { from: ['approved'], to: 'in_works', permission: 'venue_project.works', reasonRequired: false },
  /** 竣工: works at 100 % with at least one photo. */
  complete: { from: ['in_works'], to: 'completed', permission: 'venue_project.works', reasonRequired: false },
  /** 验收不合格: the district sends the works back, with the reason. */
  reject_works: { from: ['completed'], to: 'in_works', permission: 'venue_project.accept', reasonRequired: true },
  /** 区级验收: the district enters the venue's new figures; the venue is judged again. */
  accept: { from: ['completed'], to: 'accepted', permission: 'venue_project.accept', reasonRequired: false },
} as const satisfies Record<VenueProjectAction, VenueProjectTransition>;

export const VENUE_PROJECT_STATUS_LABELS = {
  drafted: { zh: '方案草拟', en: 'Drafting' },
  submitted: { zh: '已报街道', en: 'At the subdistrict' },
  under_review: { zh: '财政局评审中', en: 'Finance bureau review' },
  approved: { zh: '方案已批复', en: 'Plan approved' },
  in_works: { zh: '施工中', en: 'Works under way' },
  completed: { zh: '已竣工待验收', en: 'Completed, awaiting acceptance' },
  accepted: { zh: '已验收', en: 'Accepted' },
} as const satisfies Record<VenueProjectStatus, { zh: string; en: string }>;

export const VENUE_PROJECT_ACTION_LABELS = {
  submit: { zh: '报街道审核', en: 'Submit to the subdistrict' },
  return: { zh: '退回村（社区）', en: 'Return to the village' },
  forward: { zh: '报财政局评审', en: 'Forward to the finance bureau' },
  send_back: { zh: '退回修改', en: 'Send back' },
  approve: { zh: '评审通过', en: 'Approve' },
  start: { zh: '开工', en: 'Start works' },
  complete: { zh: '竣工', en: 'Report completed' },
  reject_works: { zh: '验收不合格', en: 'Reject the works' },
  accept: { zh: '验收合格', en: 'Accept' },
} as const satisfies Record<VenueProjectAction, { zh: string; en: string }>;

export function canVenueProjectTransition(action: VenueProjectAction, status: VenueProjectStatus): boolean {
  return (VENUE_PROJECT_WORKFLOW[action].from as readonly VenueProjectStatus[]).includes(status);
}

/** The plan may be edited (kind, plan text, budget, planned area, deadline, attachments). */
export function isPlanEditable(status: VenueProjectStatus): boolean {
  switch (status) {
    case 'drafted':
      return true;
    case 'submitted':
    case 'under_review':
    case 'approved':
    case 'in_works':
    case 'completed':
    case 'accepted':
      return false;
  }
}

/** Progress (milestones with % and photos) may be recorded. */
export function takesMilestones(status: VenueProjectStatus): boolean {
  switch (status) {
    case 'in_works':
      return true;
    case 'drafted':
    case 'submitted':
    case 'under_review':
    case 'approved':
    case 'completed':
    case 'accepted':
      return false;
  }
}

/** The works are not done yet: a deadline past while here makes the project overdue. */
export function isWorkOutstanding(status: VenueProjectStatus): boolean {
  switch (status) {
    case 'drafted':
    case 'submitted':
    case 'under_review':
    case 'approved':
    case 'in_works':
      return true;
    case 'completed':
    case 'accepted':
      return false;
  }
}

/** The project has an approved plan and budget (funds may be allocated and spent). */
export function isFunded(status: VenueProjectStatus): boolean {
  switch (status) {
    case 'approved':
    case 'in_works':
    case 'completed':
    case 'accepted':
      return true;
    case 'drafted':
    case 'submitted':
    case 'under_review':
      return false;
  }
}

/** Whole days a project is overdue on `today` (0 when it is not): work outstanding on a day after the deadline. */
export function venueDaysOverdue(p: { status: VenueProjectStatus; deadline: string }, today: string): number {
  if (!isWorkOutstanding(p.status) || today <= p.deadline) return 0;
  return Math.round((Date.parse(today) - Date.parse(p.deadline)) / 86_400_000);
}

/**
 * Not moved (no step and no progress recorded) for `weeks` whole weeks at `at`.
 * Accepted projects are finished, not stalled; completed ones wait for the district, so they count.
 */
export function isStalled(p: { status: VenueProjectStatus; lastMovedAt: string }, at: Date, weeks: number): boolean {
  if (p.status === 'accepted' || weeks <= 0) return false;
  return at.getTime() - Date.parse(p.lastMovedAt) >= weeks * 7 * 86_400_000;
}
