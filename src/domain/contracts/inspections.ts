import { z } from 'zod';
import { isCalendarDate } from '../time.ts';
import { IdSchema, isSingleLine, SINGLE_LINE_MESSAGE, VersionSchema } from './common.ts';
import { SEVERITIES } from './problems.ts';

// A calendar date, not only its shape: 2026-13-01 was stored and then broke every page that counted days from it.
const DateSchema = z.string().refine(isCalendarDate, '日期应为有效的 YYYY-MM-DD 日期 (expected a calendar date such as 2026-12-31)');

export const CHECK_RESULTS = ['meets', 'fails', 'na'] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];
export const CHECK_RESULT_LABELS = {
  meets: { zh: '达标', en: 'Meets' },
  fails: { zh: '不达标', en: 'Fails' },
  na: { zh: '不适用', en: 'N/A' },
} as const satisfies Record<CheckResult, { zh: string; en: string }>;

export const ROUND_STATUSES = ['open', 'closed'] as const;
export const CHECKLIST_STATUSES = ['pending', 'in_progress', 'done'] as const;

export const ChecklistSummarySchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  liaisonGroupName: z.string().nullable(),
  status: z.enum(CHECKLIST_STATUSES),
  recorded: z.number().int(),
  applicable: z.number().int(),
  failed: z.number().int(),
  completedAt: z.string().nullable(),
  version: z.number().int(),
});
export type ChecklistSummary = z.infer<typeof ChecklistSummarySchema>;

/** 集中整改期: where it comes from, and the days left (0 on its last day, negative once over). */
export const RectificationPeriodSchema = z.object({
  start: z.string(),
  end: z.string(),
  /** 'set' by the district; 'default': two months from the round's completion; 'projected' from its planned end while open. */
  source: z.enum(['set', 'default', 'projected']),
  daysLeft: z.number().int(),
});
export type RectificationPeriodDto = z.infer<typeof RectificationPeriodSchema>;

export const RoundSchema = z.object({
  id: z.string(),
  name: z.string(),
  standardVersionId: z.string(),
  standardTitle: z.string(),
  /** The standard's version (第 N 版): two versions may share a title. */
  standardVersionNo: z.number().int(),
  periodStart: z.string(),
  periodEnd: z.string(),
  status: z.enum(ROUND_STATUSES),
  checklistsDone: z.number().int(),
  checklistsTotal: z.number().int(),
  problemsFound: z.number().int(),
  closedAt: z.string().nullable(),
  /** The concentrated rectification period (集中整改期); new problems of the round are due at its end. */
  rectification: RectificationPeriodSchema,
  version: z.number().int(),
  createdAt: z.string(),
  allowedActions: z.array(z.enum(['close', 'setPeriod'])),
});
export type Round = z.infer<typeof RoundSchema>;

export const RoundDetailSchema = RoundSchema.extend({ checklists: z.array(ChecklistSummarySchema) });
export type RoundDetail = z.infer<typeof RoundDetailSchema>;
export const RoundListSchema = z.object({ items: z.array(RoundSchema) });

export const CreateRoundBodySchema = z.object({
  name: z.string().trim().min(1, '请填写排查名称').max(100).refine(isSingleLine, SINGLE_LINE_MESSAGE),
  standardVersionId: IdSchema,
  periodStart: DateSchema,
  periodEnd: DateSchema,
  /** Villages or communities to inspect; each gets a checklist. */
  organizationIds: z.array(IdSchema).min(1, '请至少选择一个村（社区）').max(5000),
});
export type CreateRoundBody = z.infer<typeof CreateRoundBodySchema>;

export const ChecklistItemSchema = z.object({
  checkItemId: z.string(),
  code: z.string(),
  title: z.string(),
  criterion: z.string(),
  weight: z.number().int(),
  expectedEvidence: z.string(),
  applicable: z.boolean(),
  result: z.enum(CHECK_RESULTS).nullable(),
  note: z.string().nullable(),
  problemId: z.string().nullable(),
  recordedAt: z.string().nullable(),
  resultVersion: z.number().int().nullable(),
});
export const ChecklistDetailSchema = ChecklistSummarySchema.extend({
  roundId: z.string(),
  roundName: z.string(),
  roundStatus: z.enum(ROUND_STATUSES),
  areas: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), items: z.array(ChecklistItemSchema) })),
  allowedActions: z.array(z.enum(['record', 'complete'])),
});
export type ChecklistDetail = z.infer<typeof ChecklistDetailSchema>;

export const RecordResultParamsSchema = z.object({ id: IdSchema, checkItemId: IdSchema });
export const RecordResultBodySchema = z
  .object({
    result: z.enum(CHECK_RESULTS),
    /** The result row's version when changing an earlier record. */
    version: VersionSchema.optional(),
    note: z.string().trim().max(500).optional(),
    /** For a failing item: the problem to record (描述, 严重程度, 整改时限). */
    problem: z
      .object({
        description: z.string().trim().min(1, '请描述发现的问题').max(2000),
        severity: z.enum(SEVERITIES).default('minor'),
        dueOn: DateSchema.optional(),
      })
      .optional(),
  })
  .refine((b) => b.result !== 'fails' || b.problem !== undefined, { message: '不达标时请描述发现的问题', path: ['problem'] });
export type RecordResultBody = z.infer<typeof RecordResultBodySchema>;

export const VersionBodySchema = z.object({ version: VersionSchema });

/** Sets the round's 集中整改期, or (both null) goes back to the default: two months from the round's completion. */
export const RectificationPeriodBodySchema = z
  .object({
    version: VersionSchema,
    start: DateSchema.nullable(),
    end: DateSchema.nullable(),
  })
  .refine((b) => (b.start === null) === (b.end === null), { message: '开始和结束日期应同时填写或同时清空', path: ['end'] })
  .refine((b) => b.start === null || b.end === null || b.end >= b.start, { message: '结束日期不能早于开始日期', path: ['end'] });
export type RectificationPeriodBody = z.infer<typeof RectificationPeriodBodySchema>;
