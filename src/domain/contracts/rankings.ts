import { z } from 'zod';
import { isMonth, isWeekStart } from '../cadence.ts';
import { RAG_COLOURS } from '../rag.ts';
import { IdSchema, MAX_PAGE, MAX_PAGE_SIZE, queryInt } from './common.ts';

/** A month `YYYY-MM` (a real month). */
export const MonthKeySchema = z
  .string()
  .refine(isMonth, '月份应为 2000 至 2999 年间的 YYYY-MM，如 2026-11 (a month from 2000 to 2999, like 2026-11)');

/** One reason for a colour, as data (the UI may format it) … */
export const RagReasonSchema = z.discriminatedUnion('code', [
  z.object({ code: z.literal('overdue_long'), count: z.number().int(), days: z.number().int() }),
  z.object({ code: z.literal('missing_reports'), units: z.number().int(), inRow: z.number().int(), self: z.boolean().optional() }),
  z.object({ code: z.literal('overdue'), count: z.number().int() }),
  z.object({ code: z.literal('below_median'), rate: z.number(), median: z.number(), period: z.enum(['week', 'month']) }),
  z.object({ code: z.literal('venue_overdue_long'), count: z.number().int(), days: z.number().int() }),
  z.object({ code: z.literal('venue_overdue'), count: z.number().int() }),
  z.object({ code: z.literal('meetings_missed_in_row'), count: z.number().int(), inRow: z.number().int() }),
  z.object({ code: z.literal('meetings_missed'), count: z.number().int() }),
  z.object({ code: z.literal('on_pace') }),
]);

/** … and in words, in both languages. */
export const RagStatusSchema = z.object({
  colour: z.enum(RAG_COLOURS),
  reasons: z.array(RagReasonSchema),
  /** One sentence per reason, e.g. "3 个问题逾期超过 14 天". */
  reasonsZh: z.array(z.string()),
  reasonsEn: z.array(z.string()),
  /** "红：3 个问题逾期超过 14 天" */
  summaryZh: z.string(),
  summaryEn: z.string(),
});
export type RagStatus = z.infer<typeof RagStatusSchema>;

export const ScorePartsSchema = z.object({
  /** Closed (销号) / all problems at month end; 1 without problems. */
  closureRate: z.number(),
  /** Accepted / (accepted + sent back) during the month; 1 without decisions. */
  acceptancePassRate: z.number(),
  /** 1 − overdue / all problems at month end; 1 without problems. */
  onTimeShare: z.number(),
  /** Weekly reports filed on time / expected in the month; 1 when none were expected. */
  reportPunctuality: z.number(),
  /** Score against the standard ÷ its total, of the latest inspection round at month end; 1 before any inspection. */
  standardScore: z.number(),
  /**
   * 学习得分率 (两学一做: sessions against the plan, attendance; src/domain/study-coverage.ts studyShare) when the study
   * component weighs in the score (`studyWeight` > 0), else null. It weighed in unseen: the parts shown did not make
   * the score.
   */
  study: z.number().nullable(),
});

export const RankingFiguresSchema = z.object({
  total: z.number().int(),
  closed: z.number().int(),
  overdue: z.number().int(),
  acceptedCount: z.number().int(),
  rejectedCount: z.number().int(),
  reportsOnTime: z.number().int(),
  reportsExpected: z.number().int(),
  /** Score against the standard and its total (a subdistrict: its villages' sums); 0 / 0 before any inspection. */
  standardScore: z.number().int(),
  standardMax: z.number().int(),
  /** Villages confirmed 达标 (for a village: 1 or 0). */
  unitsAttained: z.number().int(),
});

export const RankingEntrySchema = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  kind: z.string(),
  /** The subdistrict (for a village), for display. */
  parentName: z.string().nullable(),
  /** District-wide rank (competition ranking: 1, 2, 2, 4). */
  rank: z.number().int(),
  /** How many organizations are ranked district-wide. */
  of: z.number().int(),
  /** Shares its rank with another organization (并列). */
  tied: z.boolean(),
  /** 0–100, one decimal. */
  score: z.number(),
  parts: ScorePartsSchema,
  figures: RankingFiguresSchema,
  rag: RagStatusSchema,
  /** Last month's rank; null when it was not ranked then (new). */
  previousRank: z.number().int().nullable(),
  /** Places gained since last month (positive = up); null when new. */
  movement: z.number().int().nullable(),
});
export type RankingEntry = z.infer<typeof RankingEntrySchema>;

/** The most ranking entries one page carries (a district's 16 villages fit in the default page of 200). */
export const RANKING_MAX_PAGE_SIZE = MAX_PAGE_SIZE;
export const RANKING_DEFAULT_PAGE_SIZE = 200;

export const MonthlyRankingQuerySchema = z.object({
  /** Default: the last complete month (Asia/Shanghai); a running month is labelled 进行中. */
  month: MonthKeySchema.optional(),
  /** Page of the villages list, from 1 (default 1). */
  page: queryInt(1, MAX_PAGE).default(1),
  /** Page of the subdistricts list, from 1 (default 1); same page size as the villages. */
  subdistrictPage: queryInt(1, MAX_PAGE).default(1),
  /** Entries per page of each list, 1–200 like every list of the API (default 200). */
  pageSize: queryInt(1, RANKING_MAX_PAGE_SIZE).default(RANKING_DEFAULT_PAGE_SIZE),
});
export type MonthlyRankingQuery = z.infer<typeof MonthlyRankingQuerySchema>;

export const ScoreWeightsSchema = z.object({
  closureRate: z.number(),
  acceptancePassRate: z.number(),
  overdue: z.number(),
  reportPunctuality: z.number(),
  standardScore: z.number(),
});

export const MonthlyRankingSchema = z.object({
  month: z.string(),
  previousMonth: z.string(),
  /** The month is still running (进行中): figures are as at `asAt`. */
  running: z.boolean(),
  /** The Shanghai date the figures are as at: the month's last day, or today while it runs. */
  asAt: z.string(),
  /** The weights in force. */
  weights: ScoreWeightsSchema,
  /** The study component's weight beside `weights` (0: it does not weigh in this month). */
  studyWeight: z.number(),
  /** How the score is computed, in words. */
  scoreFormula: z.object({ zh: z.string(), en: z.string() }),
  /** The page of `villages` (and the page size of both lists), as asked. */
  page: z.number().int(),
  pageSize: z.number().int(),
  /** How many villages and communities the reader's scope holds (all pages). */
  villagesTotal: z.number().int(),
  /**
   * Villages and communities in the reader's scope, by rank: page `page` of `pageSize` (rank/of are district-wide,
   * not page-relative). A district's 16 villages fit one page; a province's 20,000 would be ≈ 20 MB of JSON at once.
   */
  villages: z.array(RankingEntrySchema),
  /** The page of `subdistricts`. */
  subdistrictPage: z.number().int(),
  /** How many subdistricts the reader's scope holds (all pages). */
  subdistrictsTotal: z.number().int(),
  /**
   * Subdistricts in the reader's scope, by rank: page `subdistrictPage` of `pageSize`. Paged too, on its own page
   * number: a district has a handful, a province ~1,500 and the nation ~40,000, which would be the villages' problem again.
   */
  subdistricts: z.array(RankingEntrySchema),
});
export type MonthlyRanking = z.infer<typeof MonthlyRankingSchema>;

export const RAG_PERIODS = ['week', 'month'] as const;

/** The most villages one page of the RAG table carries, and the default (a district's 16 fit one page). */
export const RAG_MAX_PAGE_SIZE = MAX_PAGE_SIZE;
export const RAG_DEFAULT_PAGE_SIZE = 200;

export const RagQuerySchema = z.object({
  period: z.enum(RAG_PERIODS).default('week'),
  /** A week's Monday `YYYY-MM-DD` or a month `YYYY-MM`; default the current one. Checked against `period` by the service. */
  key: z.string().max(10).optional(),
  /** Default: the reader's widest scope. */
  organizationId: IdSchema.optional(),
  /** Page of the villages, from 1 (default 1). */
  page: queryInt(1, MAX_PAGE).default(1),
  /** Villages per page, 1–200 like every list of the API (default 200: a district's villages on one page). */
  pageSize: queryInt(1, RAG_MAX_PAGE_SIZE).default(RAG_DEFAULT_PAGE_SIZE),
});
export type RagQuery = z.infer<typeof RagQuerySchema>;

export const RagRowSchema = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  kind: z.string(),
  rag: RagStatusSchema,
  total: z.number().int(),
  closed: z.number().int(),
  overdue: z.number().int(),
  /** closed / total; null without problems. */
  closureRate: z.number().nullable(),
});
export type RagRow = z.infer<typeof RagRowSchema>;

export const RagTableSchema = z.object({
  period: z.enum(RAG_PERIODS),
  key: z.string(),
  firstDay: z.string(),
  lastDay: z.string(),
  /** Median closure rate of the district's villages (the amber line); null without problems. */
  medianClosureRate: z.number().nullable(),
  /** The organization asked for; null for a reader's scope of several roots (a liaison member's villages), listed together. */
  organization: RagRowSchema.nullable(),
  /** The page of villages (`groups`) and the page size, as asked. */
  page: z.number().int(),
  pageSize: z.number().int(),
  /** How many villages and communities the organization's subtree holds (all pages). */
  villagesTotal: z.number().int(),
  /** How many of them are red, amber and green (all pages). */
  tally: z.object({ red: z.number().int(), amber: z.number().int(), green: z.number().int() }),
  /**
   * Page `page` of the villages, grouped subdistrict → villages, subdistricts by name and villages by name within
   * each (villages outside any subdistrict of the subtree last, under `subdistrict` null). A subdistrict whose
   * villages span two pages is on both, with the villages of each; one without villages is on the page where its
   * name falls. A district's 16 villages are one page; a province's 20,000 at once were 13 MB.
   */
  groups: z.array(z.object({ subdistrict: RagRowSchema.nullable(), villages: z.array(RagRowSchema) })),
});
export type RagTable = z.infer<typeof RagTableSchema>;

export function isRagKey(period: 'week' | 'month', key: string): boolean {
  return period === 'week' ? isWeekStart(key) : isMonth(key);
}
