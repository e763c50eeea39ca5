import { z } from 'zod';
import { isWeekStart } from '../cadence.ts';
import { REPORT_FLAGS, REPORT_TEXT_MAX, WEEKLY_REPORT_STATUSES } from '../weekly-report-workflow.ts';
import { IdSchema, PageQuerySchema, StatusCountsSchema, VersionSchema } from './common.ts';
import { isPlainText, PLAIN_TEXT_MESSAGE } from './standards.ts';
import { VenueReportFiguresSchema } from './venues.ts';
import { StudyReportFiguresSchema } from './study.ts';

/** A week, named by its Monday (Shanghai). */
export const WeekSchema = z
  .string()
  .refine(isWeekStart, '应为 2000 至 2999 年间某周的星期一，格式 YYYY-MM-DD (the Monday of a week from 2000 to 2999)');

export const REPORT_UNIT_TYPES = ['organization', 'liaison_group'] as const;
export const ReportUnitTypeSchema = z.enum(REPORT_UNIT_TYPES);
export type ReportUnitType = z.infer<typeof ReportUnitTypeSchema>;

/** A unit's state for a week in the list: a report's status, or not_started when it has none. */
export const ReportListStatusSchema = z.enum(['not_started', ...WEEKLY_REPORT_STATUSES]);
export type ReportListStatus = z.infer<typeof ReportListStatusSchema>;

export const ReportFlagSchema = z.enum(REPORT_FLAGS);

/** What the reader may do: start a report for a unit without one, or act on the report. */
/** `remind` (催报): a reviewer tells a unit whose report is past due and not filed (none started, or a draft). */
export const WeeklyReportAllowedActionSchema = z.enum(['start', 'edit', 'submit', 'return', 'comment', 'remind']);
export type WeeklyReportAllowedAction = z.infer<typeof WeeklyReportAllowedActionSchema>;

/** The ledger figures pre-filled into a report (as at the week's end, or now for the running week). */
export const ReportFiguresSchema = StatusCountsSchema.extend({
  /** 逾期 */
  overdue: z.number().int(),
  /** 本周新增 / 验收 / 退回 / 销号 */
  newCount: z.number().int(),
  acceptedCount: z.number().int(),
  rejectedCount: z.number().int(),
  closedCount: z.number().int(),
  measuresTotal: z.number().int(),
  measuresDone: z.number().int(),
});
export type ReportFigures = z.infer<typeof ReportFiguresSchema>;

export const ReportUnitSchema = z.object({
  type: ReportUnitTypeSchema,
  id: z.string(),
  name: z.string(),
  /** Names of the unit's readable ancestors below the district (e.g. ['良田街道']); for a liaison group, its villages. */
  pathNames: z.array(z.string()),
});
export type ReportUnit = z.infer<typeof ReportUnitSchema>;

/** A page of the week's units: a district's fit in the default page; a province has 20,000. */
export const WeeklyReportListQuerySchema = PageQuerySchema.extend({
  /** Monday of the week; default the current week. Future weeks are refused. */
  week: WeekSchema.optional(),
  /** Only units within this organization's subtree (a liaison group: one covering a village there). */
  organizationId: IdSchema.optional(),
  status: ReportListStatusSchema.optional(),
  flag: ReportFlagSchema.optional(),
});
export type WeeklyReportListQuery = z.infer<typeof WeeklyReportListQuerySchema>;

export const WeeklyReportListItemSchema = z.object({
  unit: ReportUnitSchema,
  week: z.string(),
  dueAt: z.string(),
  status: ReportListStatusSchema,
  flag: ReportFlagSchema,
  submittedAt: z.string().nullable(),
  reportId: z.string().nullable(),
  version: z.number().int().nullable(),
  allowedActions: z.array(WeeklyReportAllowedActionSchema),
});
export type WeeklyReportListItem = z.infer<typeof WeeklyReportListItemSchema>;

export const WeeklyReportListSchema = z.object({
  week: z.string(),
  /** The current week (the latest one a report may be filed for). */
  currentWeek: z.string(),
  unitType: ReportUnitTypeSchema,
  /** The due time of the week under the rules in force. */
  dueAt: z.string(),
  /** One row per expected unit the reader sees, filters applied: the page asked for. */
  items: z.array(WeeklyReportListItemSchema),
  /** Rows over every page (filters applied). */
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Per flag over the reader's units, before the status/flag filters. */
  counts: z.object({ on_time: z.number().int(), late: z.number().int(), missing: z.number().int(), pending: z.number().int() }),
});
export type WeeklyReportList = z.infer<typeof WeeklyReportListSchema>;

export const WeeklyReportCommentSchema = z.object({
  id: z.string(),
  /** 'comment' (意见) or 'return' (退回 with its reason). */
  kind: z.enum(['comment', 'return']),
  text: z.string(),
  authorName: z.string().nullable(),
  at: z.string(),
});
export type WeeklyReportComment = z.infer<typeof WeeklyReportCommentSchema>;

export const WeeklyReportDetailSchema = z.object({
  id: z.string(),
  week: z.string(),
  unit: ReportUnitSchema,
  status: z.enum(WEEKLY_REPORT_STATUSES),
  flag: ReportFlagSchema,
  figures: ReportFiguresSchema,
  progress: z.string(),
  difficulties: z.string(),
  nextPlan: z.string(),
  dueAt: z.string(),
  /** First filing (kept when refiled after a send-back). */
  submittedAt: z.string().nullable(),
  submittedByName: z.string().nullable(),
  isLate: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  comments: z.array(WeeklyReportCommentSchema),
  allowedActions: z.array(WeeklyReportAllowedActionSchema),
  /** 清零行动: the unit's venues and their projects as at the week's end (or now for the running week). */
  venues: VenueReportFiguresSchema.optional(),
  /** 两学一做, 三会一课, 坐班值班: the unit's Party life in the report's week (sessions in its month against the plans). */
  study: StudyReportFiguresSchema.optional(),
});
export type WeeklyReportDetail = z.infer<typeof WeeklyReportDetailSchema>;

export const StartWeeklyReportBodySchema = z.object({
  week: WeekSchema,
  unitType: ReportUnitTypeSchema,
  unitId: IdSchema,
});
export type StartWeeklyReportBody = z.infer<typeof StartWeeklyReportBodySchema>;

/** 催报: the unit and week whose past-due report is not filed. */
export const RemindWeeklyReportBodySchema = StartWeeklyReportBodySchema;
export type RemindWeeklyReportBody = StartWeeklyReportBody;
export const RemindWeeklyReportResultSchema = z.object({
  /** Accounts told (the unit's secretaries, or the group's members). */
  recipients: z.number().int(),
});
export type RemindWeeklyReportResult = z.infer<typeof RemindWeeklyReportResultSchema>;

const TOO_LONG = `不能超过 ${REPORT_TEXT_MAX} 字 (at most ${REPORT_TEXT_MAX} characters)`;
/** Multi-line text; control characters other than line breaks and tabs are refused (PostgreSQL cannot store NUL). */
const ReportText = z.string().trim().max(REPORT_TEXT_MAX, TOO_LONG).refine(isPlainText, PLAIN_TEXT_MESSAGE);

export const UpdateWeeklyReportBodySchema = z.object({
  version: VersionSchema,
  progress: ReportText.optional(),
  difficulties: ReportText.optional(),
  nextPlan: ReportText.optional(),
  /** Recompute the pre-filled figures from the ledger now. */
  refreshFigures: z.boolean().optional(),
});
export type UpdateWeeklyReportBody = z.infer<typeof UpdateWeeklyReportBodySchema>;

export const SubmitWeeklyReportBodySchema = z.object({ version: VersionSchema });
export type SubmitWeeklyReportBody = z.infer<typeof SubmitWeeklyReportBodySchema>;

export const ReturnWeeklyReportBodySchema = z.object({
  version: VersionSchema,
  reason: z
    .string()
    .trim()
    .min(1, '请填写退回原因 (a reason is required)')
    .max(REPORT_TEXT_MAX, TOO_LONG)
    .refine(isPlainText, PLAIN_TEXT_MESSAGE),
});
export type ReturnWeeklyReportBody = z.infer<typeof ReturnWeeklyReportBodySchema>;

export const CommentWeeklyReportBodySchema = z.object({
  text: z
    .string()
    .trim()
    .min(1, '请填写意见 (the comment is empty)')
    .max(REPORT_TEXT_MAX, TOO_LONG)
    .refine(isPlainText, PLAIN_TEXT_MESSAGE),
});
export type CommentWeeklyReportBody = z.infer<typeof CommentWeeklyReportBodySchema>;
