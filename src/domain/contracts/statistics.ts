import { z } from 'zod';
import { isWeekStart } from '../cadence.ts';
import { REPORT_STATUSES } from '../statistics.ts';
import { IdSchema, queryInt, StatusCountsSchema, VersionOrZeroSchema } from './common.ts';

/** A week named by its Monday (Asia/Shanghai), `YYYY-MM-DD`. */
export const WeekStartSchema = z
  .string()
  .refine(
    isWeekStart,
    '周应以 2000 至 2999 年间星期一的日期表示，格式 YYYY-MM-DD (a week is named by its Monday, from 2000 to 2999, e.g. 2026-11-23)',
  );

export const SNAPSHOT_TRIGGERS = ['job', 'recompute'] as const;

/** 一周一统计: one organization's subtree over one week. */
/** By status: the problems that existed at the week's end, by their status then. */
export const WeekFiguresSchema = StatusCountsSchema.extend({
  /** Still open or rectifying on the Sunday after their deadline (or today, for the running week). */
  overdue: z.number().int(),
  /** Overdue more than 14 / 30 days. */
  overdueOver14: z.number().int(),
  overdueOver30: z.number().int(),
  /** Created, accepted, sent back and closed during the week. */
  newCount: z.number().int(),
  acceptedCount: z.number().int(),
  rejectedCount: z.number().int(),
  closedCount: z.number().int(),
  /** Accepted during the week after their deadline. */
  lateAcceptanceCount: z.number().int(),
  measuresTotal: z.number().int(),
  measuresDone: z.number().int(),
  /** Weekly reports of the subtree's reporting units that were due, and how they went. */
  reportsExpected: z.number().int(),
  reportsOnTime: z.number().int(),
  reportsLate: z.number().int(),
  reportsMissing: z.number().int(),
  /** closed / total; null without problems. */
  closureRate: z.number().nullable(),
  /**
   * Standing against the standard as at the week's end (src/domain/village-score.ts): the villages' scores and
   * totals summed (a village: its own), so standardShare = score ÷ total (null before any inspection);
   * how many villages were scored and how many were confirmed 达标. Weeks frozen before these were counted show 0.
   */
  standardScore: z.number().int(),
  standardMax: z.number().int(),
  standardShare: z.number().nullable(),
  unitsScored: z.number().int(),
  unitsAttained: z.number().int(),
});
export type WeekFigures = z.infer<typeof WeekFiguresSchema>;

export const OrgWeekFiguresSchema = z.object({
  /** An organization's id, or SCOPE_ID for the sum of a reader's several organizations. */
  organizationId: z.string(),
  organizationName: z.string(),
  kind: z.string(),
  figures: WeekFiguresSchema,
  /** For a reporting unit (village, community): its weekly report; null for others or before it is due. */
  reportStatus: z.enum(REPORT_STATUSES).nullable(),
});
export type OrgWeekFigures = z.infer<typeof OrgWeekFiguresSchema>;

export const WeekStatisticsQuerySchema = z.object({
  /** Default: the reader's widest scope. */
  organizationId: IdSchema.optional(),
  /** Default: the current week. */
  week: WeekStartSchema.optional(),
});
export type WeekStatisticsQuery = z.infer<typeof WeekStatisticsQuerySchema>;

export const WeekStatisticsSchema = z.object({
  week: z.string(),
  /** The Sunday ending the week. */
  weekEnd: z.string(),
  /** True when read from the frozen snapshot; false when computed live (running or not yet frozen week). */
  frozen: z.boolean(),
  /** When the figures were computed (now, for live figures). */
  computedAt: z.string(),
  /** What froze the snapshot; null for live figures. */
  trigger: z.enum(SNAPSHOT_TRIGGERS).nullable(),
  /** The snapshot_weeks version to send with a recompute; 0 when the week was never frozen. */
  version: z.number().int(),
  organization: OrgWeekFiguresSchema,
  /** Its direct children, by name. */
  children: z.array(OrgWeekFiguresSchema),
  allowedActions: z.array(z.enum(['recompute'])),
});
export type WeekStatistics = z.infer<typeof WeekStatisticsSchema>;

export const TrendQuerySchema = z.object({
  organizationId: IdSchema.optional(),
  /** How many weeks back, the current one included (max 104, two years). */
  weeks: queryInt(1, 104).default(12),
});
export type TrendQuery = z.infer<typeof TrendQuerySchema>;

export const TrendPointSchema = z.object({
  week: z.string(),
  /** False only for the running week, computed live. */
  frozen: z.boolean(),
  figures: WeekFiguresSchema,
  reportStatus: z.enum(REPORT_STATUSES).nullable(),
});
export const TrendSchema = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  /** Oldest first; the last point is the current week (live). */
  points: z.array(TrendPointSchema),
});
export type Trend = z.infer<typeof TrendSchema>;

export const SnapshotWeekSchema = z.object({
  weekStart: z.string(),
  computedAt: z.string(),
  trigger: z.enum(SNAPSHOT_TRIGGERS),
  /** The admin who recomputed it; null when the scheduled job froze it. */
  computedByName: z.string().nullable(),
  version: z.number().int(),
  allowedActions: z.array(z.enum(['recompute'])),
});
export type SnapshotWeek = z.infer<typeof SnapshotWeekSchema>;

export const SnapshotWeekListSchema = z.object({
  /** Newest first. */
  items: z.array(SnapshotWeekSchema),
  /** The last completed week: the newest one that may be frozen or recomputed. */
  lastCompletedWeek: z.string(),
});
export type SnapshotWeekList = z.infer<typeof SnapshotWeekListSchema>;

export const WeekParamsSchema = z.object({ week: WeekStartSchema });

export const RecomputeBodySchema = z.object({
  /** The snapshot_weeks version read; 0 freezes a week that was never frozen. */
  version: VersionOrZeroSchema,
});
export type RecomputeBody = z.infer<typeof RecomputeBodySchema>;
