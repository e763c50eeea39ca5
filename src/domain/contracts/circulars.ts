import { z } from 'zod';
import { isMonth } from '../cadence.ts';
import { CIRCULAR_SECTION_KEYS } from '../circular-text.ts';
import { isCalendarDate } from '../time.ts';
import { isSingleLine, SINGLE_LINE_MESSAGE, VersionSchema, queryInt } from './common.ts';
import { isPlainText, PLAIN_TEXT_MESSAGE } from './standards.ts';

import { CIRCULAR_ACTIONS, CIRCULAR_STATUSES, type CircularAction, type CircularStatus } from '../circular-workflow.ts';
import { CircularStudyAnnexSchema } from './study.ts';
import { ANNEX_TABLE_KEYS, ANNEX_TABLE_ROWS } from '../circular-annex-excerpt.ts';

export { CIRCULAR_ACTIONS, CIRCULAR_STATUSES, type CircularAction, type CircularStatus };

/** A month `YYYY-MM`. */
export const MonthSchema = z
  .string()
  .refine(isMonth, '月份应为 2000 至 2999 年间的 YYYY-MM，例如 2026-11 (a month from 2000 to 2999, like 2026-11)');

const SectionKeySchema = z.enum(CIRCULAR_SECTION_KEYS);

export const CircularSectionSchema = z.object({
  key: SectionKeySchema,
  /** Fixed heading, e.g. "一、总体进展情况". */
  heading: z.string(),
  text: z.string(),
  /** True once a person changed the text: regenerating keeps it. */
  edited: z.boolean(),
});

const RankingRowSchema = z.object({
  rank: z.number().int(),
  name: z.string(),
  score: z.number(),
  closureRate: z.number().nullable(),
  acceptancePassRate: z.number().nullable(),
  overdue: z.number().int(),
  reportPunctuality: z.number().nullable(),
  /** 学习得分率 when 两学一做 weighs in the score (else null; absent in annexes frozen before it was shown). */
  study: z.number().nullable().optional(),
  movement: z.number().int().nullable(),
  /** Standing against the standard at month end (absent in annexes frozen before it was counted). */
  standardScore: z.number().int().optional(),
  standardMax: z.number().int().optional(),
  scored: z.number().int().optional(),
  attained: z.number().int().optional(),
});

/** The annex tables, frozen at generation (or at the last regeneration). */
export const CircularAnnexSchema = z.object({
  month: z.string(),
  asAt: z.string(),
  /** The month had not ended when the figures were taken (进行中). */
  running: z.boolean().optional(),
  totals: z.object({
    total: z.number().int(),
    closed: z.number().int(),
    closureRate: z.number().nullable(),
    acceptancePassRate: z.number().nullable(),
    newCount: z.number().int(),
    acceptedCount: z.number().int(),
    rejectedCount: z.number().int(),
    closedCount: z.number().int(),
    overdue: z.number().int(),
    overdueLong: z.number().int(),
    redOverdueDays: z.number().int(),
  }),
  ranking: z.object({ villages: z.array(RankingRowSchema), subdistricts: z.array(RankingRowSchema) }),
  rag: z.array(z.object({ organization: z.string(), kind: z.string(), colour: z.enum(['red', 'amber', 'green']), reasons: z.string() })),
  overdue: z.array(
    z.object({
      code: z.string(),
      organization: z.string(),
      description: z.string(),
      dueOn: z.string(),
      daysOverdue: z.number().int(),
      owner: z.string().nullable(),
    }),
  ),
  /** 交办事项 of leaders' visits not done by their deadline (absent in annexes frozen before visits existed). */
  overdueTasks: z
    .array(
      z.object({
        organization: z.string(),
        leader: z.string(),
        visitedOn: z.string(),
        instruction: z.string(),
        ownerUnit: z.string(),
        dueOn: z.string(),
        daysOverdue: z.number().int(),
      }),
    )
    .optional(),
  interviews: z.array(z.object({ organization: z.string(), date: z.string(), status: z.string(), reasons: z.string() })),
  /** The venue campaign (清零行动) as at `asAt`; absent in annexes frozen before it existed (src/domain/venue-circular.ts). */
  venues: z
    .object({
      campaignName: z.string(),
      deadline: z.string(),
      daysLeft: z.number().int(),
      baseline: z.number().int(),
      left: z.number().int(),
      cleared: z.array(z.string()),
      clearedThisMonth: z.array(z.string()),
      open: z.array(
        z.object({
          name: z.string(),
          kind: z.string().nullable(),
          status: z.string(),
          progress: z.number().int(),
          daysOverdue: z.number().int(),
          stalled: z.boolean(),
        }),
      ),
    })
    .optional(),
  /** "N / 16 村达标" and the 集中整改期 (absent in annexes frozen before it was counted). */
  attainment: z
    .object({
      attained: z.number().int(),
      villages: z.number().int(),
      period: z.object({ roundName: z.string(), start: z.string(), end: z.string(), daysLeft: z.number().int() }).nullable(),
    })
    .optional(),
  /** 两学一做、三会一课、坐班值班 in the month (absent in annexes frozen before it was counted; src/domain/study-circular.ts). */
  study: CircularStudyAnnexSchema.optional(),
});

export const CircularSummarySchema = z.object({
  id: z.string(),
  month: z.string(),
  status: z.enum(CIRCULAR_STATUSES),
  title: z.string(),
  issuingOffice: z.string(),
  /** 高新党工〔2026〕7号 once published; null for a draft. */
  number: z.string().nullable(),
  /** 成文日期, YYYY-MM-DD. */
  docDate: z.string(),
  publishedAt: z.string().nullable(),
  publishedByName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  allowedActions: z.array(z.enum(CIRCULAR_ACTIONS)),
});
export type CircularSummary = z.infer<typeof CircularSummarySchema>;

export const CircularDetailSchema = CircularSummarySchema.extend({
  organizationId: z.string(),
  organizationName: z.string(),
  createdByName: z.string().nullable(),
  /** 版记's 印发机关: the office that drafted and printed it (党群工作部); null on circulars made before it was kept. */
  draftingOffice: z.string().nullable(),
  /** Opening paragraph and addressees (fixed wording). */
  opening: z.string(),
  addressees: z.string(),
  sections: z.array(CircularSectionSchema),
  /**
   * The annex tables as shown: a table longer than ANNEX_TABLE_ROWS (500) rows is cut (a ranking keeps both ends, the others
   * their head; src/domain/circular-annex-excerpt.ts) and `annexCuts` says where; GET /api/circulars/:id/annex.xlsx has
   * every row.
   */
  annex: CircularAnnexSchema,
  annexCuts: z
    .array(
      z.object({
        table: z.enum(ANNEX_TABLE_KEYS),
        /** Rows in the whole table. */
        total: z.number().int(),
        /** The omitted rows sat before shown row `at` (= the shown row count when they sat at the end). */
        at: z.number().int(),
        omitted: z.number().int(),
      }),
    )
    .describe(`Tables cut to ${ANNEX_TABLE_ROWS} rows (empty when every table is whole)`),
  /**
   * Units the praise section (二、工作推进较好的单位) names although they may not be praised (circular-text.ts
   * praiseBars: red or amber this month, a problem overdue more than the red threshold, no problem closed, or named in
   * section 七): shown to the editor before publishing.
   */
  praiseWarnings: z.array(z.object({ organization: z.string(), why: z.enum(['red', 'overdue', 'amber', 'noClosure', 'study']) })),
  /** The public ledger's head when it was published (printed under the date: a paper anchor); null before. */
  chainAnchor: z.object({ seq: z.number().int(), hash: z.string() }).nullable().optional(),
});
export type CircularDetail = z.infer<typeof CircularDetailSchema>;

export const CircularListSchema = z.object({ items: z.array(CircularSummarySchema), canManage: z.boolean() });
export type CircularList = z.infer<typeof CircularListSchema>;

export const CircularListQuerySchema = z.object({ status: z.enum(CIRCULAR_STATUSES).optional() });
export type CircularListQuery = z.infer<typeof CircularListQuerySchema>;

export const CreateCircularBodySchema = z.object({ month: MonthSchema });
export type CreateCircularBody = z.infer<typeof CreateCircularBodySchema>;

const LineSchema = (max: number) =>
  z.string().trim().min(1, '不能为空').max(max, `不能超过 ${max} 个字`).refine(isSingleLine, SINGLE_LINE_MESSAGE);

export const UpdateCircularBodySchema = z.object({
  version: VersionSchema,
  title: LineSchema(120).optional(),
  issuingOffice: LineSchema(60).optional(),
  draftingOffice: LineSchema(60).optional(),
  docDate: z.string().refine(isCalendarDate, '日期格式应为 YYYY-MM-DD').optional(),
  /** Texts of the sections to change; headings and keys are fixed. */
  sections: z
    .array(
      z.object({
        key: SectionKeySchema,
        text: z
          .string()
          .max(8000, '每部分不能超过 8000 字')
          // Paragraphs and line breaks, but no other control character (it reached the public page as it was).
          .refine((t) => isPlainText(t), PLAIN_TEXT_MESSAGE),
      }),
    )
    .max(CIRCULAR_SECTION_KEYS.length)
    .refine((s) => new Set(s.map((x) => x.key)).size === s.length, '同一部分不能出现两次 (each section at most once)')
    .optional(),
});
export type UpdateCircularBody = z.infer<typeof UpdateCircularBodySchema>;

export const CircularVersionBodySchema = z.object({ version: VersionSchema });
export type CircularVersionBody = z.infer<typeof CircularVersionBodySchema>;

export const PublishCircularBodySchema = z.object({
  version: VersionSchema,
  /** Required to publish a circular whose month has not ended yet (its figures are only as at today). */
  confirmRunningMonth: z.boolean().optional(),
});
export type PublishCircularBody = z.infer<typeof PublishCircularBodySchema>;

export const CircularDeleteQuerySchema = z.object({ version: queryInt(1, Number.MAX_SAFE_INTEGER) });

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
