import { z } from 'zod';
import { PROBLEM_ACTIONS, PROBLEM_STATUSES } from '../problem-workflow.ts';
import { isProgramDate } from '../time.ts';
import {
  IdSchema,
  isSingleLine,
  PROGRAM_DATE_MESSAGE,
  QueryBoolSchema,
  SINGLE_LINE_MESSAGE,
  VersionSchema,
  PageQuerySchema,
} from './common.ts';
import { isPlainText, PLAIN_TEXT_MESSAGE } from './standards.ts';

export const SEVERITIES = ['minor', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS = {
  minor: { zh: '一般', en: 'Minor' },
  major: { zh: '较重', en: 'Major' },
  critical: { zh: '严重', en: 'Critical' },
} as const satisfies Record<Severity, { zh: string; en: string }>;

/** Actions on a problem besides the workflow: the UI draws buttons from these too. */
export const PROBLEM_EXTRA_ACTIONS = ['edit', 'addProgress', 'addMeasure', 'uploadEvidence'] as const;
export const ProblemAllowedActionSchema = z.enum([...PROBLEM_ACTIONS, ...PROBLEM_EXTRA_ACTIONS]);
export type ProblemAllowedAction = z.infer<typeof ProblemAllowedActionSchema>;

const DateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
    error: '不是有效的日期',
    abort: true,
  })
  .refine(isProgramDate, PROGRAM_DATE_MESSAGE);
const Line = (max: number, label: string) =>
  z.string().trim().min(1, `请填写${label}`).max(max, `${label}最多 ${max} 字`).refine(isSingleLine, SINGLE_LINE_MESSAGE);
const Text = (max: number, label: string) =>
  z.string().trim().min(1, `请填写${label}`).max(max, `${label}最多 ${max} 字`).refine(isPlainText, PLAIN_TEXT_MESSAGE);

export const ProblemListItemSchema = z.object({
  id: z.string(),
  code: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  areaName: z.string().nullable(),
  checkItemCode: z.string().nullable(),
  checkItemTitle: z.string().nullable(),
  description: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.enum(PROBLEM_STATUSES),
  dueOn: z.string().nullable(),
  /** Computed by Shanghai calendar day (see domain/problem-workflow.ts). */
  overdue: z.boolean(),
  daysOverdue: z.number().int(),
  dueSoon: z.boolean(),
  ownerName: z.string().nullable(),
  responsibleOrgName: z.string().nullable(),
  leadOfficial: z.string().nullable(),
  foundOn: z.string(),
  version: z.number().int(),
  updatedAt: z.string(),
  allowedActions: z.array(ProblemAllowedActionSchema),
});
export type ProblemListItem = z.infer<typeof ProblemListItemSchema>;

export const StatusCountsSchema = z.object({
  open: z.number().int(),
  rectifying: z.number().int(),
  submitted: z.number().int(),
  accepted: z.number().int(),
  closed: z.number().int(),
  /** 已撤销 (recorded by mistake): listed only under its own filter, and in no total. */
  withdrawn: z.number().int(),
  /** Every problem but the withdrawn ones. */
  total: z.number().int(),
  overdue: z.number().int(),
});
export type StatusCounts = z.infer<typeof StatusCountsSchema>;

const StatusListSchema = z
  .string()
  .transform((s) => s.split(',').filter(Boolean))
  .pipe(z.array(z.enum(PROBLEM_STATUSES)));

export const PROBLEM_SORTS = ['dueOn', '-dueOn', 'foundOn', '-foundOn', 'updatedAt', '-updatedAt', 'code', '-code'] as const;

/** The ledger filters; the same ones drive the list, the counts and the Excel export. */
export const ProblemFilterSchema = z.object({
  /** Organization subtree. */
  organizationId: IdSchema.optional(),
  /** Standard area code, e.g. ZZSZ. */
  area: z.string().trim().max(40).refine(isSingleLine, SINGLE_LINE_MESSAGE).optional(),
  checkItemId: IdSchema.optional(),
  /** Comma-separated statuses, e.g. open,rectifying. Without it, every status but withdrawn (已撤销). */
  status: StatusListSchema.optional(),
  overdue: QueryBoolSchema.optional(),
  dueSoon: QueryBoolSchema.optional(),
  dueFrom: DateSchema.optional(),
  dueTo: DateSchema.optional(),
  ownerId: IdSchema.optional(),
  roundId: IdSchema.optional(),
  q: z.string().trim().max(100).refine(isSingleLine, SINGLE_LINE_MESSAGE).optional(),
});
export type ProblemFilter = z.infer<typeof ProblemFilterSchema>;

export const ProblemListQuerySchema = ProblemFilterSchema.extend({
  sort: z.enum(PROBLEM_SORTS).default('dueOn'),
  ...PageQuerySchema.shape,
});
export type ProblemListQuery = z.infer<typeof ProblemListQuerySchema>;

export const ProblemListSchema = z.object({
  items: z.array(ProblemListItemSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Counts by status (the tabs' numbers) for the current filter, whatever its status and 已逾期 (`overdue`) parts. */
  counts: StatusCountsSchema,
});

export const TimelineEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(['history', 'progress']),
  at: z.string(),
  actorName: z.string().nullable(),
  /** For history: create or a workflow action; for progress: null. */
  action: z.string().nullable(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  /** Reason of a reject/reopen, or the text of a progress note. */
  text: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const MeasureSummarySchema = z.object({
  id: z.string(),
  description: z.string(),
  ownerName: z.string().nullable(),
  dueOn: z.string().nullable(),
  progress: z.number().int(),
  version: z.number().int(),
  problemIds: z.array(z.string()),
});
export type MeasureSummary = z.infer<typeof MeasureSummarySchema>;

export const EvidenceSummarySchema = z.object({
  id: z.string(),
  originalName: z.string(),
  mime: z.string(),
  size: z.number().int(),
  isImage: z.boolean(),
  measureId: z.string().nullable(),
  uploadedAt: z.string(),
  uploadedByName: z.string().nullable(),
});
export type EvidenceSummary = z.infer<typeof EvidenceSummarySchema>;

export const LastRejectionSchema = z.object({
  reason: z.string(),
  at: z.string(),
  byName: z.string().nullable(),
});
export type LastRejection = z.infer<typeof LastRejectionSchema>;

export const ProblemDetailSchema = ProblemListItemSchema.extend({
  organizationPath: z.array(z.object({ id: z.string(), name: z.string() })),
  checkItemCriterion: z.string().nullable(),
  responsibleOrgId: z.string().nullable(),
  ownerId: z.string().nullable(),
  tags: z.array(z.string()),
  isPublic: z.boolean(),
  remark: z.string().nullable(),
  sourceRoundName: z.string().nullable(),
  sourceGroupName: z.string().nullable(),
  foundByName: z.string().nullable(),
  submittedAt: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  acceptedByName: z.string().nullable(),
  acceptanceOpinion: z.string().nullable(),
  closedAt: z.string().nullable(),
  lateAcceptance: z.boolean(),
  createdAt: z.string(),
  timeline: z.array(TimelineEntrySchema),
  measures: z.array(MeasureSummarySchema),
  evidence: z.array(EvidenceSummarySchema),
  /**
   * The send-back (退回) the village is working on: set while the problem is
   * rectifying after a verifier sent it back, null once it is submitted again
   * and in every other state. `byName` is the verifier's name (null if unknown).
   */
  lastRejection: LastRejectionSchema.nullable(),
});
export type ProblemDetail = z.infer<typeof ProblemDetailSchema>;

/**
 * A write's short answer, for a client that asks for it with `Prefer: return=minimal` (RFC 7240): what it needs
 * to write the problem again (its version) and to redraw its buttons, without the detail's timeline, measures and
 * evidence. The server says it did so with `Preference-Applied: return=minimal`; without the preference a write
 * answers with the whole ProblemDetail.
 */
export const ProblemAckSchema = z.strictObject({
  id: z.string(),
  status: z.enum(PROBLEM_STATUSES),
  version: z.number().int(),
  updatedAt: z.string(),
  allowedActions: z.array(ProblemAllowedActionSchema),
});
export type ProblemAck = z.infer<typeof ProblemAckSchema>;
/** A problem write's answer: the short one when asked for (strict, so a detail never passes for it), else the detail. */
export const ProblemWriteAnswerSchema = z.union([ProblemAckSchema, ProblemDetailSchema]);

export const CreateProblemBodySchema = z.object({
  organizationId: IdSchema,
  checkItemId: IdSchema.optional(),
  description: Text(2000, '问题描述'),
  severity: z.enum(SEVERITIES).default('minor'),
  foundOn: DateSchema.optional(),
  dueOn: DateSchema.optional(),
  ownerName: Line(50, '责任人').optional(),
  ownerId: IdSchema.optional(),
  responsibleOrgId: IdSchema.optional(),
  leadOfficial: Line(50, '牵头领导').optional(),
  tags: z.array(Line(20, '标签')).max(10).default([]),
  isPublic: z.boolean().default(true),
  remark: z.string().trim().max(500).optional(),
});
export type CreateProblemBody = z.infer<typeof CreateProblemBodySchema>;

export const UpdateProblemBodySchema = z
  .object({
    version: VersionSchema,
    description: Text(2000, '问题描述').optional(),
    severity: z.enum(SEVERITIES).optional(),
    dueOn: DateSchema.nullable().optional(),
    ownerName: Line(50, '责任人').nullable().optional(),
    ownerId: IdSchema.nullable().optional(),
    responsibleOrgId: IdSchema.nullable().optional(),
    leadOfficial: Line(50, '牵头领导').nullable().optional(),
    tags: z.array(Line(20, '标签')).max(10).optional(),
    isPublic: z.boolean().optional(),
    remark: z.string().trim().max(500).nullable().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).some((k) => k !== 'version'), { message: '没有要修改的内容 (nothing to change)' });
export type UpdateProblemBody = z.infer<typeof UpdateProblemBodySchema>;

export const TransitionBodySchema = z.object({
  action: z.enum(PROBLEM_ACTIONS),
  version: VersionSchema,
  /** Required for reject, reopen and withdraw; the acceptance opinion for accept. */
  reason: z.string().trim().max(1000).optional(),
  /** Evidence the submitter points at (must belong to the problem or its measures). */
  evidenceIds: z.array(IdSchema).max(50).optional(),
  /**
   * On submit or close: mark the problem's measures still below 100 % as
   * completed in the same step. Closing a problem with unfinished measures
   * needs it (else 422 with `details.needsConfirmation = 'measuresIncomplete'`).
   */
  completeMeasures: z.boolean().optional(),
});
export type TransitionBody = z.infer<typeof TransitionBodySchema>;

/** 批量销号: each problem closed in its own transaction; the answer lists every one's outcome. */
export const BulkCloseBodySchema = z.object({
  items: z
    .array(z.object({ id: IdSchema, version: VersionSchema }))
    .min(1, '请至少选择一个问题')
    .max(200, '一次最多销号 200 个问题'),
  /** Mark unfinished measures of these problems completed (as in a single close). */
  completeMeasures: z.boolean().optional(),
});
export type BulkCloseBody = z.infer<typeof BulkCloseBodySchema>;

export const BulkCloseResultSchema = z.object({
  closed: z.number().int(),
  failed: z.number().int(),
  results: z.array(
    z.object({
      id: z.string(),
      /** Null when the problem is not visible to the caller. */
      code: z.string().nullable(),
      ok: z.boolean(),
      /** Why it was not closed, in the error shape's words. */
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
    }),
  ),
});
export type BulkCloseResult = z.infer<typeof BulkCloseResultSchema>;

export const ProgressNoteBodySchema = z.object({ text: Text(1000, '整改进展') });

export const BulkUpdateBodySchema = z
  .object({
    items: z
      .array(z.object({ id: IdSchema, version: VersionSchema }))
      .min(1, '请至少选择一个问题')
      .max(500),
    ownerName: Line(50, '责任人').optional(),
    dueOn: DateSchema.optional(),
  })
  .refine((b) => b.ownerName !== undefined || b.dueOn !== undefined, { message: '请指定责任人或整改时限' });
export type BulkUpdateBody = z.infer<typeof BulkUpdateBodySchema>;
export const BulkUpdateResultSchema = z.object({ updated: z.number().int() });
