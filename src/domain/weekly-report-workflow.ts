/**
 * 一周一汇报 as data: a unit (village/community, or liaison group) drafts its
 * week's report, files it, and a reviewer may send it back for refiling.
 * Adding a status or an action breaks the build until every `satisfies`
 * table and exhaustive switch handles it.
 */
export const WEEKLY_REPORT_STATUSES = ['draft', 'submitted', 'returned'] as const;
export type WeeklyReportStatus = (typeof WEEKLY_REPORT_STATUSES)[number];

export const WEEKLY_REPORT_ACTIONS = ['submit', 'return'] as const;
export type WeeklyReportAction = (typeof WEEKLY_REPORT_ACTIONS)[number];

/** Who files and who reviews (see roles.ts; the service narrows them per unit type). */
export type WeeklyReportPermission = 'report.file' | 'report.review';

export interface WeeklyReportTransition {
  from: readonly WeeklyReportStatus[];
  to: WeeklyReportStatus;
  permission: WeeklyReportPermission;
  /** 退回 needs a reason in words. */
  reasonRequired: boolean;
}

export const WEEKLY_REPORT_WORKFLOW = {
  /** 提交 (first filing from a draft, or refiling after a send-back). */
  submit: { from: ['draft', 'returned'], to: 'submitted', permission: 'report.file', reasonRequired: false },
  /** 退回 by the subdistrict, the liaison group or the district. */
  return: { from: ['submitted'], to: 'returned', permission: 'report.review', reasonRequired: true },
} as const satisfies Record<WeeklyReportAction, WeeklyReportTransition>;

export const WEEKLY_REPORT_STATUS_LABELS = {
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '已提交', en: 'Filed' },
  returned: { zh: '已退回', en: 'Sent back' },
} as const satisfies Record<WeeklyReportStatus, { zh: string; en: string }>;

/** The longest progress / difficulties / next-plan text, in characters. */
export const REPORT_TEXT_MAX = 2000;

export function canTransition(action: WeeklyReportAction, status: WeeklyReportStatus): boolean {
  return (WEEKLY_REPORT_WORKFLOW[action].from as readonly WeeklyReportStatus[]).includes(status);
}

/** The filer may still change the texts (and refresh the figures). */
export function isEditable(status: WeeklyReportStatus): boolean {
  switch (status) {
    case 'draft':
    case 'returned':
      return true;
    case 'submitted':
      return false;
  }
}

/** Has been filed at least once: reviewers may comment from then on. */
export function hasBeenFiled(status: WeeklyReportStatus): boolean {
  switch (status) {
    case 'draft':
      return false;
    case 'submitted':
    case 'returned':
      return true;
  }
}

/**
 * Lateness is decided once, at the first filing: late when filed after the
 * due time. Refiling after a send-back keeps it, whatever the hour: a report
 * filed on time and sent back on Saturday is not made late by the reviewer,
 * and a late first filing stays late. `previous` is null before the first filing.
 */
export function lateOnFiling(previous: { late: boolean } | null, filedAt: Date, dueAt: Date): boolean {
  return previous ? previous.late : filedAt.getTime() > dueAt.getTime();
}

/** How a unit's week looks in the list: 按时 / 迟报 / 未报 / 未到期. */
export const REPORT_FLAGS = ['on_time', 'late', 'missing', 'pending'] as const;
export type ReportFlag = (typeof REPORT_FLAGS)[number];

export const REPORT_FLAG_LABELS = {
  on_time: { zh: '按时', en: 'On time' },
  late: { zh: '迟报', en: 'Late' },
  missing: { zh: '未报', en: 'Missing' },
  pending: { zh: '未到期', en: 'Not yet due' },
} as const satisfies Record<ReportFlag, { zh: string; en: string }>;

/**
 * A filed report (also one sent back since: it was filed) is on time or late;
 * an unfiled one is missing once the due time has passed, pending before.
 * The statistics count the same way (submitted_at set = filed).
 */
export function reportFlag(filed: { late: boolean } | null, dueAt: Date, now: Date): ReportFlag {
  if (filed) return filed.late ? 'late' : 'on_time';
  return now.getTime() >= dueAt.getTime() ? 'missing' : 'pending';
}
