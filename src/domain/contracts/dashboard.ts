import { z } from 'zod';
import { ORGANIZATION_KINDS } from '../organizations.ts';
import { PROBLEM_STATUSES } from '../problem-workflow.ts';
import { RAG_COLOURS } from '../rag.ts';
import { VillageStandingSchema } from './attainments.ts';
import { IdSchema, StatusCountsSchema } from './common.ts';
import { RectificationPeriodSchema } from './inspections.ts';
import { ProblemAllowedActionSchema } from './problems.ts';
import { VisitTaskSchema } from './visits.ts';

/** Which organization a dashboard shows; omitted → the reader's default (see each route). */
export const DashboardQuerySchema = z.object({
  organizationId: IdSchema.optional(),
});
export type DashboardQuery = z.infer<typeof DashboardQuerySchema>;

export const DashboardOrgSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ORGANIZATION_KINDS),
});
export type DashboardOrg = z.infer<typeof DashboardOrgSchema>;

/** A RAG reason in words, in both languages (the UI picks one). */
export const RagReasonTextSchema = z.object({ zh: z.string(), en: z.string() });

export const DashboardRagSchema = z.object({
  colour: z.enum(RAG_COLOURS),
  reasons: z.array(RagReasonTextSchema),
});
export type DashboardRag = z.infer<typeof DashboardRagSchema>;

/** Current status counts of the subtree, as the ledger counts them (same scope, same Shanghai "today"). */
export const DashboardCountsSchema = StatusCountsSchema.extend({
  /** Still open or rectifying after the deadline day (ledger filter overdue=1). */
  overdue: z.number().int(),
  /** Open or rectifying, due today or in the next 6 days (ledger filter dueSoon=1). */
  dueSoon: z.number().int(),
});
export type DashboardCounts = z.infer<typeof DashboardCountsSchema>;

/** One week of the trend. Figures are null for a past week that has no frozen snapshot. */
export const TrendWeekSchema = z.object({
  /** The week's Monday (YYYY-MM-DD). */
  week: z.string(),
  total: z.number().int().nullable(),
  closed: z.number().int().nullable(),
  overdue: z.number().int().nullable(),
  /** Closed (销号) during the week. */
  closedCount: z.number().int().nullable(),
  /** Recorded during the week. */
  newCount: z.number().int().nullable(),
  /** True: read from weekly_snapshots; false: the running week (live) or a week never frozen. */
  frozen: z.boolean(),
  /** Score against the standard ÷ its total, summed over the villages (null: none inspected, or not counted that week). */
  standardShare: z.number().nullable(),
  /** Villages confirmed 达标 at the week's end. */
  attained: z.number().int().nullable(),
});
export type TrendWeek = z.infer<typeof TrendWeekSchema>;

/** 跟踪督查到位 / 所有问题整改到位: a share 0–1 (null: nothing to measure), whether it is in place, and the formula in words. */
export const InPlaceFigureSchema = z.object({
  value: z.number().nullable(),
  inPlace: z.boolean(),
  formulaZh: z.string(),
  formulaEn: z.string(),
});

/** The two 到位 of the source, the district dashboard's headline figures (src/domain/two-in-place.ts). */
export const TwoInPlaceSchema = z.object({
  tracking: InPlaceFigureSchema.extend({
    reportsOnTime: z.number().int(),
    reportsExpected: z.number().int(),
    circularsOnTime: z.number().int(),
    circularsExpected: z.number().int(),
  }),
  rectification: InPlaceFigureSchema.extend({
    closed: z.number().int(),
    total: z.number().int(),
    overdue: z.number().int(),
  }),
});
export type TwoInPlace = z.infer<typeof TwoInPlaceSchema>;

/** "N / 16 村达标" and the days left in the concentrated rectification period. */
export const AttainmentSummarySchema = z.object({
  /** Villages / communities of the subtree confirmed 达标 in their latest round. */
  attained: z.number().int(),
  /** Villages / communities of the subtree. */
  villages: z.number().int(),
  /** The latest inspection round of the subtree and its 集中整改期; null before any round. */
  round: z.object({ id: z.string(), name: z.string(), rectification: RectificationPeriodSchema }).nullable(),
});
export type AttainmentSummary = z.infer<typeof AttainmentSummarySchema>;

export const ChildFiguresSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ORGANIZATION_KINDS),
  total: z.number().int(),
  open: z.number().int(),
  rectifying: z.number().int(),
  submitted: z.number().int(),
  accepted: z.number().int(),
  closed: z.number().int(),
  overdue: z.number().int(),
  /** Closed share of all problems, 0–1; null when there are none. */
  closureRate: z.number().nullable(),
  rag: DashboardRagSchema,
});
export type ChildFigures = z.infer<typeof ChildFiguresSchema>;

export const RagVillageSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The 街道 above it; null when it hangs directly under the district. */
  subdistrictName: z.string().nullable(),
  colour: z.enum(RAG_COLOURS),
  reasons: z.array(RagReasonTextSchema),
  overdue: z.number().int(),
  closureRate: z.number().nullable(),
});
export type RagVillage = z.infer<typeof RagVillageSchema>;

export const OverdueProblemSchema = z.object({
  id: z.string(),
  code: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  description: z.string(),
  dueOn: z.string(),
  daysOverdue: z.number().int(),
  ownerName: z.string().nullable(),
});
export type OverdueProblem = z.infer<typeof OverdueProblemSchema>;

/** 区级总览: the district (or a subdistrict) at a glance. */
export const DashboardOverviewSchema = z.object({
  organization: DashboardOrgSchema,
  /** The instant the figures were computed (ISO-8601 UTC). */
  asOf: z.string(),
  statusCounts: DashboardCountsSchema,
  closureRate: z.number().nullable(),
  /** The last 12 weeks, oldest first; the last one is the running week. */
  trend: z.array(TrendWeekSchema),
  /** Direct (non-archived) child organizations, by name. */
  children: z.array(ChildFiguresSchema),
  /**
   * The instant the whole-tree figures (children, RAG, trend's running week) were computed: `asOf` in a district;
   * in a province (thousands of organizations) up to a minute earlier (docs/PERFORMANCE.md, "Dashboards").
   */
  assessedAt: z.string(),
  /** How many villages/communities of the subtree are red, amber, green. */
  ragTally: z.object({ red: z.number().int(), amber: z.number().int(), green: z.number().int() }),
  /** The villages/communities of the subtree, red first, most overdue first: the first 200 (all: the RAG page). */
  ragVillages: z.array(RagVillageSchema),
  /** How many villages/communities the subtree has (ragVillages holds at most 200 of them). */
  ragVillagesTotal: z.number().int(),
  /** The 10 longest-overdue problems in the subtree. */
  topOverdue: z.array(OverdueProblemSchema),
  /** The two 到位: the headline figures. */
  inPlace: TwoInPlaceSchema,
  attainment: AttainmentSummarySchema,
});
export type DashboardOverview = z.infer<typeof DashboardOverviewSchema>;

export const VillageProblemSchema = z.object({
  id: z.string(),
  code: z.string(),
  description: z.string(),
  status: z.enum(PROBLEM_STATUSES),
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  daysOverdue: z.number().int(),
  /** Whole days until the deadline (0 = due today); null without a deadline or once overdue. */
  daysLeft: z.number().int().nullable(),
  ownerName: z.string().nullable(),
  /** Sent back (退回) by a verifier and being rectified again: when and why; null otherwise. */
  sentBack: z.object({ at: z.string(), reason: z.string() }).nullable(),
  /** What the reader may do with it now (the same list as the problem's own allowedActions). */
  allowedActions: z.array(ProblemAllowedActionSchema),
});
export type VillageProblem = z.infer<typeof VillageProblemSchema>;

export const THIS_WEEK_REPORT_STATUSES = ['not_started', 'draft', 'submitted', 'returned'] as const;
export type ThisWeekReportStatus = (typeof THIS_WEEK_REPORT_STATUSES)[number];

export const ThisWeekReportSchema = z.object({
  week: z.string(),
  /** When this week's report is due (ISO-8601 UTC), from the rules in force. */
  dueAt: z.string(),
  status: z.enum(THIS_WEEK_REPORT_STATUSES),
  /** Filed after the deadline, or not filed and the deadline has passed. */
  late: z.boolean(),
  reportId: z.string().nullable(),
});
export type ThisWeekReport = z.infer<typeof ThisWeekReportSchema>;

/** 村级工作台: what a village secretary has to do now. */
export const VillageDashboardSchema = z.object({
  organization: DashboardOrgSchema,
  asOf: z.string(),
  counts: DashboardCountsSchema,
  /** Open or rectifying, due in the next 7 days (today included), soonest first. */
  dueSoon: z.array(VillageProblemSchema),
  /** Open or rectifying problems not in `dueSoon`: sent back first, then by deadline (so overdue first; at most 20). */
  myProblems: z.array(VillageProblemSchema),
  /** Null when weekly reports are filed per liaison group, not per village. */
  thisWeekReport: ThisWeekReportSchema.nullable(),
  rag: DashboardRagSchema,
  /** When its RAG was assessed (see DashboardOverview.assessedAt). */
  assessedAt: z.string(),
  /** Its score against the standard and 达标 state in its latest round; null before any inspection. */
  standing: VillageStandingSchema.nullable(),
  /** That round's 集中整改期; null before any inspection. */
  rectification: RectificationPeriodSchema.nullable(),
  /** Leaders' instructions to the village (交办事项) still open or found not done, by deadline (overdue first). */
  visitTasks: z.array(VisitTaskSchema),
});
export type VillageDashboard = z.infer<typeof VillageDashboardSchema>;
